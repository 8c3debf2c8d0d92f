"""The fault suite (`make faults`, faults/run): the production configuration on a PostgreSQL cluster and a
Redis of its own, parts of it broken under traffic, and what must still hold checked in SQL."""
