"""The seed frontend's HTTP exchanges (frontend/app.py) made with the real python-requests.

Run by tests/http/seed.python.test.ts when python3 and requests are installed. Prints one JSON
object: what each page would have shown. Every check is the frontend's own (status 200, the
fields it reads); a failing one exits non-zero with the reason.
"""
import json
import os
import sys
from datetime import datetime

import requests

API_URL = os.environ["API_URL"]
token = None


def login(username, password):
    global token
    response = requests.post(f"{API_URL}/auth/token", data={"username": username, "password": password})
    if response.status_code == 200:
        token = response.json()["access_token"]
        return True
    return False


def register(username, email, password):
    response = requests.post(f"{API_URL}/auth/register", json={"username": username, "email": email, "password": password})
    return response.status_code == 200


def api_call(method, endpoint, **kwargs):
    kwargs["headers"] = {"Authorization": f"Bearer {token}"}
    response = getattr(requests, method)(f"{API_URL}/{endpoint}", **kwargs)
    if response.status_code == 401:
        sys.exit("Session expired. Please login again.")
    return response


def check(ok, message):
    if not ok:
        sys.exit(message)


PYTHON = 'def handler():\n    numbers = [1, 2, 3, 4, 5]\n    return {"sum": sum(numbers), "average": sum(numbers) / len(numbers)}\n'
FAILING = 'def handler(event, context):\n    raise ValueError("no numbers today")\n'
shown = {}

check(register("grace", "grace@example.test", "correct horse battery"), "Registration failed")
check(not login("grace", "wrong password"), "a wrong password logged in")
check(login("grace", "correct horse battery"), "Invalid credentials")

for name, route, code in [("stats", "stats", PYTHON), ("broken", "", FAILING)]:
    response = api_call("post", "functions/", json={"name": name, "runtime": "python", "route": route, "timeout": 30.0, "code": code})
    check(response.status_code == 200, f"Error creating function: {response.text}")

response = api_call("get", "functions/")
check(response.status_code == 200, "Failed to fetch functions")
functions = response.json()
shown["functions"] = sorted(f"{f['name']} ({f['runtime']}) Route: {f['route']} Timeout: {f['timeout']} seconds" for f in functions)

shown["executions"] = {}
shown["metrics"] = {}
for func in functions:
    response = api_call("post", f"execute/{func['id']}")
    check(response.status_code == 200, f"Error executing function: {response.text}")
    shown["executions"][func["name"]] = response.json()["status"]

    response = api_call("get", f"metrics/stats/function/{func['id']}")
    check(response.status_code == 200, "stats failed")
    stats = response.json()
    response = api_call("get", f"metrics/function/{func['id']}")
    check(response.status_code == 200, "metrics failed")
    records = response.json()
    check(isinstance(records, list) and len(records) == 1, f"not a list of one record: {records!r}")
    for record in records:
        datetime.fromisoformat(record["timestamp"].replace("Z", "+00:00"))
        float(record["execution_time"]) + float(record["memory_usage"])
    shown["metrics"][func["name"]] = {
        "cards": [stats["total_executions"], f"{stats['success_rate']:.1f}%", f"{stats['avg_execution_time']:.2f}s"],
        "statuses": [record["status"] for record in records],
    }

for func in functions:
    check(api_call("delete", f"functions/{func['id']}").status_code == 200, "delete failed")
check(api_call("get", "functions/").json() == [], "functions left after delete")

print(json.dumps(shown))
