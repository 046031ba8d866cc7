"""A small but real OpenID Connect provider for the tests, on Authlib's authorization server.

Run as ``python -m tests.federatie.provider --port 8731``: it listens on 127.0.0.1
only, signs ID tokens with an RSA key it makes at start, serves discovery, the
authorization endpoint (it approves at once, as the user the test chose), the
token endpoint (client secret and PKCE S256 checked by Authlib) and its JWKS. It
stops by itself after ``--lifetime`` seconds.

The tests steer it through ``POST /_scenario`` (JSON): who logs in (``sub``,
``email``), what the IdP asserts (``amr``, ``acr``) and how it misbehaves on
purpose (``aud``, ``expired``, ``sign_with_other_key``). The misbehaviour goes
through the same Authlib code that makes a good token: the portal sees a token a
broken or hostile provider could really send.
"""

import argparse
import os
import threading
import time

from authlib.integrations.flask_oauth2 import AuthorizationServer
from authlib.oauth2.rfc6749 import ClientMixin, grants
from authlib.oauth2.rfc7636 import CodeChallenge
from authlib.oidc.core import UserInfo
from authlib.oidc.core.grants import OpenIDCode
from flask import Flask, jsonify, request
from joserfc.jwk import KeySet, RSAKey

CLIENT_ID = "swv-portaal"
CLIENT_SECRET = "test-geheim-van-de-provider"  # noqa: S105 (a test provider's own secret)
DEFAULT_SCENARIO = {
    "sub": "idp-user-1",
    "email": "ib@school-a.example",
    "email_verified": True,
    "amr": ["pwd"],
    "acr": None,
    "aud": None,
    "expired": False,
    "sign_with_other_key": False,
}

# One key the provider publishes and one it does not; both carry the same kid, so a
# token signed with the second looks like the provider's and only the signature fails.
GOOD_KEY = RSAKey.generate_key(2048, parameters={"kid": "sleutel-1", "use": "sig"})
OTHER_KEY = RSAKey.generate_key(2048, parameters={"kid": "sleutel-1", "use": "sig"})

state = {"scenario": dict(DEFAULT_SCENARIO), "codes": {}, "nonces": set()}
app = Flask(__name__)
ISSUER = ""  # set in main()


class Client(ClientMixin):
    client_id = CLIENT_ID
    token_endpoint_auth_method = "client_secret_post"  # noqa: S105

    def get_client_id(self):
        return self.client_id

    def get_default_redirect_uri(self):
        return None

    def get_allowed_scope(self, scope):
        allowed = {"openid", "email", "profile"}
        return " ".join(s for s in (scope or "").split() if s in allowed)

    def check_redirect_uri(self, redirect_uri):
        return redirect_uri.endswith("/account/schoolaccount/terug/")

    def check_client_secret(self, client_secret):
        return client_secret == CLIENT_SECRET

    def check_endpoint_auth_method(self, method, endpoint):
        return method in ("client_secret_post", "client_secret_basic")

    def check_response_type(self, response_type):
        return response_type == "code"

    def check_grant_type(self, grant_type):
        return grant_type == "authorization_code"


class Code:
    def __init__(self, code, redirect_uri, scope, user, nonce, challenge, method, scenario):
        self.code, self.redirect_uri, self.scope, self.user = code, redirect_uri, scope, user
        self.nonce, self.code_challenge, self.code_challenge_method = nonce, challenge, method
        self.scenario = scenario
        self.auth_time = int(time.time())
        self.client_id = CLIENT_ID

    def get_redirect_uri(self):
        return self.redirect_uri

    def get_scope(self):
        return self.scope

    def get_nonce(self):
        return self.nonce

    def get_auth_time(self):
        return self.auth_time

    def get_acr(self):
        return self.scenario["acr"]

    def get_amr(self):
        return self.scenario["amr"]

    def is_expired(self):
        return time.time() - self.auth_time > 120


class CodeGrant(grants.AuthorizationCodeGrant):
    TOKEN_ENDPOINT_AUTH_METHODS = ["client_secret_basic", "client_secret_post"]

    def save_authorization_code(self, code, req):
        data = req.payload.data
        state["codes"][code] = Code(
            code,
            req.payload.redirect_uri,
            req.scope,
            dict(state["scenario"]),
            data.get("nonce"),
            data.get("code_challenge"),
            data.get("code_challenge_method"),
            dict(state["scenario"]),
        )

    def query_authorization_code(self, code, client):
        item = state["codes"].get(code)
        if item and not item.is_expired():
            return item
        return None

    def delete_authorization_code(self, authorization_code):
        # Single use: a code presented twice finds nothing the second time.
        state["codes"].pop(authorization_code.code, None)

    def authenticate_user(self, authorization_code):
        return authorization_code.user


class IdToken(OpenIDCode):
    def exists_nonce(self, nonce, req):
        if nonce in state["nonces"]:
            return True
        state["nonces"].add(nonce)
        return False

    def resolve_client_private_key(self, client):
        scenario = self.grant.request.authorization_code.scenario
        return OTHER_KEY if scenario["sign_with_other_key"] else GOOD_KEY

    def get_client_claims(self, client):
        scenario = self.grant.request.authorization_code.scenario
        now = int(time.time())
        claims = {"iss": ISSUER, "aud": [scenario["aud"] or client.get_client_id()]}
        if scenario["expired"]:
            claims.update(iat=now - 7200, exp=now - 3600, auth_time=now - 7200)
        else:
            claims.update(iat=now, exp=now + 300)
        return claims

    def process_token(self, grant, response):
        self.grant = grant
        return super().process_token(grant, response)

    def generate_user_info(self, user, scope):
        info = UserInfo(sub=user["sub"])
        if "email" in scope and user.get("email"):
            info["email"] = user["email"]
            info["email_verified"] = user["email_verified"]
        return info


server = AuthorizationServer(app, query_client=lambda cid: Client() if cid == CLIENT_ID else None)
server.save_token = lambda token, req: None
server.register_grant(CodeGrant, [IdToken(require_nonce=True), CodeChallenge(required=True)])


@app.get("/.well-known/openid-configuration")
def discovery():
    return jsonify(
        issuer=ISSUER,
        authorization_endpoint=f"{ISSUER}/authorize",
        token_endpoint=f"{ISSUER}/token",
        jwks_uri=f"{ISSUER}/jwks",
        end_session_endpoint=f"{ISSUER}/logout",
        response_types_supported=["code"],
        subject_types_supported=["public"],
        id_token_signing_alg_values_supported=["RS256"],
        code_challenge_methods_supported=["S256"],
        token_endpoint_auth_methods_supported=["client_secret_post", "client_secret_basic"],
        scopes_supported=["openid", "email", "profile"],
    )


@app.get("/jwks")
def jwks():
    return jsonify(KeySet([GOOD_KEY]).as_dict(private=False))


@app.get("/authorize")
def authorize():
    # A test IdP: the user the scenario names has just logged in here.
    return server.create_authorization_response(grant_user=dict(state["scenario"]))


@app.post("/token")
def token():
    return server.create_token_response()


@app.get("/logout")
def logout():
    # RP-initiated logout: back to where the portal asked, if it is the portal's page.
    back = request.args.get("post_logout_redirect_uri", "")
    if request.args.get("client_id") != CLIENT_ID or not back.endswith("/uitgelogd/klaar/"):
        return "unknown client or redirect", 400
    return "", 302, {"Location": back}


@app.post("/_scenario")
def scenario():
    state["scenario"] = {**DEFAULT_SCENARIO, **(request.get_json() or {})}
    return jsonify(state["scenario"])


@app.get("/_health")
def health():
    return "ok"


def main():
    global ISSUER
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--lifetime", type=int, default=900)
    args = parser.parse_args()
    ISSUER = f"http://127.0.0.1:{args.port}"
    os.environ.setdefault("AUTHLIB_INSECURE_TRANSPORT", "1")  # plain HTTP on loopback only
    threading.Timer(args.lifetime, lambda: os._exit(0)).start()
    from werkzeug.serving import run_simple

    run_simple("127.0.0.1", args.port, app, threaded=True)


if __name__ == "__main__":
    main()
