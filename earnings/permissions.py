"""Who may do what with the books. Nobody — not even a superuser — changes or deletes a
ledger entry or a charter version through the admin; a household's statement is for the
bookkeepers and for the artisans of that household only."""

from wagtail.permission_policies import ModelPermissionPolicy

from artisans.models import ArtisanPage, Household


class AppendOnlyPermissionPolicy(ModelPermissionPolicy):
    refused = frozenset({"change", "delete"})

    def user_has_permission(self, user, action):
        return action not in self.refused and super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([a for a in actions if a not in self.refused])


class ReadOnlyPermissionPolicy(AppendOnlyPermissionPolicy):
    refused = frozenset({"add", "change", "delete"})


def own_household_ids(user) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(ArtisanPage.objects.filter(owner=user).values_list("household_id", flat=True))


class StatementPermissionPolicy(ModelPermissionPolicy):
    """Action "view_statement": the bookkeepers (who may view the ledger) for any household,
    an artisan for the household of a page they own."""

    def __init__(self):
        super().__init__(Household)

    def user_has_permission(self, user, action):
        if action != "view_statement":
            return False
        return user.has_perm("earnings.view_ledgerentry") or bool(own_household_ids(user))

    def user_has_permission_for_instance(self, user, action, instance):
        if action != "view_statement":
            return False
        return (user.has_perm("earnings.view_ledgerentry")
                or instance.pk in own_household_ids(user))

    def users_with_any_permission(self, actions):
        raise NotImplementedError("Statements are checked per user, not listed.")
