"""Imports every domain's tables so the metadata (and Alembic) sees the whole schema."""

from openevent.auth import models as auth_models  # noqa: F401
from openevent.core.db import Base  # noqa: F401
from openevent.events import models as events_models  # noqa: F401
from openevent.schedule import models as schedule_models  # noqa: F401
from openevent.tasks import models as tasks_models  # noqa: F401
from openevent.ticketing import models as ticketing_models  # noqa: F401

metadata = Base.metadata
