#!/usr/bin/env python
"""The plain-Django reference project's manage.py (see bench/README.md, "Reference project")."""

import os
import sys
from pathlib import Path

if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    os.environ["DJANGO_SETTINGS_MODULE"] = "benchref.settings"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
