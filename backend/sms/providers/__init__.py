"""SMS providers behind one interface (base.SmsSender): MSG91 (msg91.py) and the console (console.py)."""
