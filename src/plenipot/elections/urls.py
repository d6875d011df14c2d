"""Pages of votes and elections, mounted at /elections/."""

from django.urls import path

from plenipot.elections import views

urlpatterns = [
    path("", views.home, name="elections-home"),
    path("vote/", views.delegation_page, name="elections-delegation"),
    path("new/", views.election_new, name="elections-new"),
    path("receipt/", views.receipt, name="elections-receipt"),
    path("proxies/", views.proxies, name="elections-proxies"),
    path("proxies/<int:pk>/withdraw/", views.proxy_withdraw, name="elections-proxy-withdraw"),
    path("meetings/<int:pk>/", views.meeting_control, name="elections-meeting-control"),
    path("meetings/<int:pk>/results/", views.meeting_results, name="elections-meeting-results"),
    path("meetings/<int:pk>/votes/", views.vote_open, name="elections-vote-open"),
    path("votes/<int:pk>/", views.vote_page, name="elections-vote"),
    path("votes/<int:pk>/cast/", views.vote_cast, name="elections-vote-cast"),
    path("votes/<int:pk>/presence/", views.vote_presence, name="elections-vote-presence"),
    path("votes/<int:pk>/hands/", views.vote_hands, name="elections-vote-hands"),
    path("votes/<int:pk>/roll-call/", views.vote_roll_call, name="elections-vote-roll-call"),
    path("votes/<int:pk>/close/", views.vote_close, name="elections-vote-close"),
    path("votes/<int:pk>/announce/", views.vote_announce, name="elections-vote-announce"),
    path("<int:pk>/", views.election_page, name="elections-election"),
    path("<int:pk>/candidatures/", views.candidatures, name="elections-candidatures"),
    path(
        "<int:pk>/candidatures/<int:candidature>/withdraw/",
        views.candidature_withdraw,
        name="elections-candidature-withdraw",
    ),
    path("<int:pk>/tellers/", views.tellers, name="elections-tellers"),
    path("<int:pk>/rounds/", views.round_open, name="elections-round-open"),
    path("rounds/<int:pk>/", views.round_page, name="elections-round"),
    path("rounds/<int:pk>/cast/", views.ballot_cast, name="elections-ballot-cast"),
    path("rounds/<int:pk>/close/", views.round_close, name="elections-round-close"),
    path("rounds/<int:pk>/tally/", views.tally, name="elections-tally"),
    path("rounds/<int:pk>/papers/", views.paper_enter, name="elections-paper-enter"),
    path("rounds/<int:pk>/announce/", views.round_announce, name="elections-round-announce"),
]
