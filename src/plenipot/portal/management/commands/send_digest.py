from django.core.management.base import BaseCommand

from plenipot.portal.digest import digests_send


class Command(BaseCommand):
    help = "Send the daily digest of what changed to everyone who follows something."

    def add_arguments(self, parser):
        parser.add_argument("--base-url", default="", help="the site's address, for links")

    def handle(self, *args, **options):
        sent = digests_send(base_url=options["base_url"])
        self.stdout.write(f"Sent {sent} digest(s).")
