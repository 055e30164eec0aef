#!/usr/bin/env python3
"""The dashboard's browser test against a real `yuqing serve` (issue 9): starts the service on
127.0.0.1 with a temporary data folder and the demo source at high speed, waits until the
sample is in, picks a county that has a new incident, creates a county operator there and a
province admin above it through the API, then runs tests/browser/dashboard.test.mjs in Debian's
Chromium. Screenshots go to $YUQING_SCREENSHOTS (default build/test-artifacts/browser).

    YUQING_BIN=build/yuqing python3 tests/browser/run_browser_test.py
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
ADMIN_PASSWORD = 'browser-test-admin'
USER_PASSWORD = 'browser-test-user'


class Client:
    def __init__(self, base):
        self.base, self.cookie, self.csrf = base, '', ''

    def call(self, method, path, body=None):
        headers = {'Content-Type': 'application/json'}
        if self.cookie:
            headers['Cookie'] = self.cookie
        if self.csrf and method != 'GET':
            headers['X-CSRF-Token'] = self.csrf
        data = json.dumps(body).encode() if body is not None else None
        req = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=30) as res:
                cookie = res.headers.get('Set-Cookie')
                if cookie:
                    self.cookie = cookie.split(';')[0]
                raw = res.read()
                return res.status, json.loads(raw) if raw else None
        except urllib.error.HTTPError as e:
            return e.code, json.loads(e.read() or b'null')

    def login(self, user, password):
        status, body = self.call('POST', '/api/login', {'username': user, 'password': password})
        if status != 200:
            raise SystemExit(f'login {user}: {status} {body}')
        self.csrf = body['csrf_token']


def county_of(incident):
    for code in incident.get('region_codes', []):
        if len(code) == 6 and not code.endswith('00'):
            return code
    return None


def main():
    binary = os.environ.get('YUQING_BIN', os.path.join(ROOT, 'build', 'yuqing'))
    shots = os.environ.get('YUQING_SCREENSHOTS',
                           os.path.join(ROOT, 'build', 'test-artifacts', 'browser'))
    os.makedirs(shots, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix='yuqing-browser-') as tmp:
        port_file = os.path.join(tmp, 'port')
        log = open(os.path.join(tmp, 'serve.log'), 'w')
        server = subprocess.Popen(
            [binary, 'serve', '--demo', '--demo-speed', '4000', '--data-dir',
             os.path.join(tmp, 'data'), '--host', '127.0.0.1', '--port', '0', '--port-file',
             port_file, '--admin-password', ADMIN_PASSWORD],
            cwd=ROOT, stdout=log, stderr=subprocess.STDOUT)
        try:
            return run(server, port_file, shots, tmp)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
            log.close()


def run(server, port_file, shots, tmp):
    deadline = time.time() + 60
    while not os.path.exists(port_file) or not open(port_file).read().strip():
        if server.poll() is not None or time.time() > deadline:
            print(open(os.path.join(tmp, 'serve.log')).read(), file=sys.stderr)
            raise SystemExit('yuqing serve did not start')
        time.sleep(0.1)
    base = f'http://127.0.0.1:{open(port_file).read().strip()}'
    admin = Client(base)
    admin.login('admin', ADMIN_PASSWORD)
    # The demo sample (4,315 items) plays in about 20 s at 4000x; wait until it is all stored.
    stored, deadline = -1, time.time() + 240
    while time.time() < deadline:
        _, health = admin.call('GET', '/healthz')
        if health['items_stored'] >= 4000 and health['items_stored'] == stored:
            break
        stored = health['items_stored']
        time.sleep(2)
    _, listing = admin.call('GET', '/api/incidents')
    candidates = [(county_of(i), i) for i in listing['incidents'] if i['state'] == 'new']
    candidates = [(c, i) for c, i in candidates if c]
    if not candidates:
        raise SystemExit(f'no new incident with a county among {len(listing["incidents"])}')
    county, incident = candidates[0]
    province = county[:2] + '0000'
    for user, unit, role in (('county_op', county, 'operator'),
                             ('province_admin', province, 'admin')):
        status, body = admin.call('POST', '/api/users', {
            'username': user, 'display_name': user, 'password': USER_PASSWORD,
            'role': role, 'unit_id': unit})
        if status != 201:
            raise SystemExit(f'create {user} at {unit}: {status} {body}')
    print(f'browser test: county {county} (incident {incident["id"]}), province {province}',
          file=sys.stderr)
    env = dict(os.environ, YUQING_URL=base, YUQING_COUNTY_USER='county_op',
               YUQING_COUNTY_PASSWORD=USER_PASSWORD, YUQING_PROVINCE_USER='province_admin',
               YUQING_PROVINCE_PASSWORD=USER_PASSWORD, YUQING_SCREENSHOTS=shots)
    result = subprocess.run(['node', os.path.join(ROOT, 'tests', 'browser', 'dashboard.test.mjs')],
                            cwd=ROOT, env=env)
    print(f'browser test: screenshots in {shots}', file=sys.stderr)
    return result.returncode


if __name__ == '__main__':
    sys.exit(main())
