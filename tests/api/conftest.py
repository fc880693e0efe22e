import pytest

from arealweb.domain.accounts import Role
from arealweb.http.store import current_store
from arealweb.services.accounts import create_token, create_user


@pytest.fixture
def planner(app):
    """Bearer headers for a planner and a council member."""
    with app.app_context():
        create_user(current_store(), "kari", Role.PLANNER, "et-langt-passord")
        create_user(current_store(), "rita", Role.COUNCIL, "et-langt-passord")
        return {
            "planner": {"Authorization": f"Bearer {create_token(current_store(), 'kari')}"},
            "council": {"Authorization": f"Bearer {create_token(current_store(), 'rita')}"},
        }
