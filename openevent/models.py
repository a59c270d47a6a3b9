"""Imports every domain's tables so the metadata (and Alembic) sees the whole schema."""

from openevent.auth import models as auth_models  # noqa: F401
from openevent.checkin import models as checkin_models  # noqa: F401
from openevent.core.db import Base  # noqa: F401
from openevent.event_info import models as event_info_models  # noqa: F401
from openevent.events import models as events_models  # noqa: F401
from openevent.exhibitors import models as exhibitors_models  # noqa: F401
from openevent.exports import models as exports_models  # noqa: F401
from openevent.faqs import models as faqs_models  # noqa: F401
from openevent.feedbacks import models as feedbacks_models  # noqa: F401
from openevent.mail import models as mail_models  # noqa: F401
from openevent.media import models as media_models  # noqa: F401
from openevent.orders import models as orders_models  # noqa: F401
from openevent.schedule import models as schedule_models  # noqa: F401
from openevent.speakers_calls import models as speakers_calls_models  # noqa: F401
from openevent.sponsors import models as sponsors_models  # noqa: F401
from openevent.stripe_connect import models as stripe_connect_models  # noqa: F401
from openevent.tasks import models as tasks_models  # noqa: F401
from openevent.taxonomy import models as taxonomy_models  # noqa: F401
from openevent.ticket_tags import models as ticket_tags_models  # noqa: F401
from openevent.ticketing import models as ticketing_models  # noqa: F401

metadata = Base.metadata
