"""A liveness probe in a process of its own: GET URL once a second for SECONDS seconds, then print the
samples as JSON ([seconds since start, status or 0, response time]). Apart from the load generator's
threads, so that its timings are the API's and not the wait for the generator's interpreter lock.

Usage: python -m faults.probe URL SECONDS"""

import json
import sys
import time

import requests


def main(url: str, seconds: float) -> None:
    session = requests.Session()
    samples = []
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        sent = time.monotonic()
        try:
            status = session.get(url, timeout=5).status_code
        except requests.RequestException:
            status = 0
            session = requests.Session()
        samples.append([round(sent - started, 2), status, round(time.monotonic() - sent, 4)])
        time.sleep(max(0.0, 1 - (time.monotonic() - sent)))
    print(json.dumps(samples))


if __name__ == "__main__":
    main(sys.argv[1], float(sys.argv[2]))
