"""The portal's pages, mounted at the site root."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from plenipot.portal import account_views, document_views, feeds, meeting_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("overview/", views.overview, name="overview"),
    path("bodies/", views.body_tree, name="body-tree"),
    path("bodies/<str:code>/", views.body_detail, name="body-detail"),
    path("delegations/", views.delegation_list, name="delegation-list"),
    path("delegations/<str:key>/", views.delegation_detail, name="delegation-detail"),
    path("documents/", document_views.document_list, name="document-list"),
    path("documents/new/", document_views.document_new, name="document-new"),
    path("documents/<int:pk>/", document_views.document_detail, name="document-detail"),
    path("documents/<int:pk>/files/", document_views.document_file_add, name="document-file-add"),
    path(
        "documents/<int:pk>/publish/", document_views.document_publish, name="document-publish"
    ),
    path(
        "documents/<int:pk>/files/<str:language>/",
        document_views.document_file,
        name="document-file",
    ),
    path("meetings/", meeting_views.meeting_list, name="meeting-list"),
    path("meetings/<int:pk>/", meeting_views.meeting_detail, name="meeting-detail"),
    path("meetings/<int:pk>/agenda/", meeting_views.agenda_item_add, name="meeting-agenda-add"),
    path("meetings/<int:pk>/close/", meeting_views.meeting_close, name="meeting-close"),
    path("changes/", document_views.changes, name="changes"),
    path("calendar/", document_views.calendar, name="calendar"),
    path("feeds/documents.atom", feeds.documents_feed, name="feed-documents"),
    path(
        "feeds/bodies/<str:code>/documents.atom",
        feeds.body_documents_feed,
        name="feed-body-documents",
    ),
    path(
        "feeds/instruments/<path:number>/documents.atom",
        feeds.instrument_documents_feed,
        name="feed-instrument-documents",
    ),
    path("feeds/meetings.ics", feeds.meetings_ics, name="calendar-ics"),
    path("feeds/bodies/<str:code>/meetings.ics", feeds.body_meetings_ics, name="calendar-body-ics"),
    path(
        "feeds/delegations/<str:key>/meetings.ics",
        feeds.delegation_meetings_ics,
        name="calendar-delegation-ics",
    ),
    path("follows/", account_views.follows, name="follows"),
    path("account/tokens/", account_views.api_tokens, name="api-tokens"),
    path("follow/<str:what>/<path:key>/", account_views.follow, name="follow"),
    path("secretariat/access/", account_views.secretariat_access, name="secretariat-access"),
    # The site's own account pages: Django's admin ships templates under the same names
    # (registration/…), so each view is given its template in the site's layout.
    path(
        "accounts/password-reset/",
        auth_views.PasswordResetView.as_view(
            template_name="account/password_reset_form.html",
            email_template_name="registration/password_reset_email.txt",
            subject_template_name="registration/password_reset_subject.txt",
        ),
        name="password_reset",
    ),
    path(
        "accounts/password-reset/sent/",
        auth_views.PasswordResetDoneView.as_view(template_name="account/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="account/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "accounts/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="account/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
    path(
        "accounts/password-change/",
        auth_views.PasswordChangeView.as_view(template_name="account/password_change_form.html"),
        name="password_change",
    ),
    path(
        "accounts/password-change/done/",
        auth_views.PasswordChangeDoneView.as_view(
            template_name="account/password_change_done.html"
        ),
        name="password_change_done",
    ),
    # The sign-in page is the site's (plenipot.site.views.sign_in): it names the demo's
    # accounts when the demo conference is loaded.
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    # Django's set_language view, named "set_language".
    path("i18n/", include("django.conf.urls.i18n")),
]
