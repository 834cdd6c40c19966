# Separate from 0003 so that the index is built after the data migration's transaction
# (PostgreSQL refuses ALTER TABLE with pending trigger events in the same transaction).

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0003_user_username_skeleton"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name='user',
            constraint=models.UniqueConstraint(condition=models.Q(('username_skeleton', ''), _negated=True), fields=('username_skeleton',), name='user_unique_username_skeleton', violation_error_message='That username is taken, or looks too much like an existing one. Choose another one.'),
        ),
    ]
