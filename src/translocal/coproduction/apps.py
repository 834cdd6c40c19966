from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: This pillar's content area (core.caching): its public writes move the area's version, which
#: its own pages and the shared ones read, so other pillars' cached pages stay valid.
CONTENT_AREA = "coproduction"


class CoproductionConfig(AppConfig):
    name = "translocal.coproduction"
    label = "coproduction"
    verbose_name = _("Co-production spaces")

    def ready(self) -> None:
        from translocal.core.caching import register_content_area

        register_content_area(CONTENT_AREA)
        from translocal.accounts.lifecycle import register_deletion_handler

        from . import lineage, search_indexes  # noqa: F401 - registers what this app puts in search
        from .account_deletion import ORDER, release_ballots_of_deleted_account, release_supports_of_deleted_account
        from .accountability.models import Result
        from .budgets.models import BudgetProject
        from .meetings.models import Meeting
        from .polls.models import Poll
        from .selectors import item_version_name, register_comment_target

        register_comment_target(Poll)
        register_comment_target(Result)
        register_comment_target(Meeting)

        # A deleted person's supports leave every count; what they wrote stays without a name.
        register_deletion_handler("coproduction", release_supports_of_deleted_account, order=ORDER)
        register_deletion_handler("coproduction.budgets", release_ballots_of_deleted_account, order=ORDER)
        from .meetings.account_deletion import release_places_and_signatures

        # Their meeting places go to the waiting lists, their signatures leave the counts.
        register_deletion_handler("coproduction.meetings", release_places_and_signatures, order=ORDER)
        # Budget projects take comments like proposals do; the budget's pages show their counts.
        register_comment_target(
            BudgetProject, versions=lambda project: [item_version_name("budget", project.budget_id)]
        )
        from .initiatives.models import Initiative

        # Results and initiatives too: what became of people's input is discussed where it is.
        register_comment_target(Initiative)
        # A commitment taken home from an exchange can become a process (core.lineage).
        lineage.register()
        # Processes and results take SDG tags and suggestions and appear in local SDG reports.
        from . import sdg_localisation

        sdg_localisation.register()
