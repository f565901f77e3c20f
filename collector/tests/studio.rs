//! Studio's API and the read API's credentials through the real router, on SQLite and
//! PostgreSQL, used as a browser and a script would: sessions with their cookie and CSRF
//! token from the collector's own origin, forged requests from another origin, API keys,
//! roles, publish conflicts between two people, rollback, and the published configuration
//! a host page reads from anywhere. Time is the state's clock, moved by the test.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicI64, AtomicU32, Ordering};
use std::sync::{Arc, OnceLock};

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{HeaderMap, Method, Request, StatusCode, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use touchpoint_collector::auth::{password, secret};
use touchpoint_collector::db::{Role, User};
use touchpoint_collector::sites::Sites;
use touchpoint_collector::{AppState, app};
use tower::ServiceExt;

use support::{TestDb, table_text};

const T0: i64 = 1_795_000_000_000;
const MINUTE: i64 = 60_000;
const HOUR: i64 = 60 * MINUTE;
const DAY: i64 = 24 * HOUR;
const HOST: &str = "cx.northwind.example";
const OWN: &str = "http://cx.northwind.example";
const PASSWORD: &str = "correct horse battery";

/// The demo's configuration, which a publish takes as it is.
const CONFIG: &str = include_str!("../../www/touchpoint.config.json");

/// `PASSWORD`'s hash, made once (argon2id takes tens of milliseconds on purpose).
fn password_hash() -> String {
    static HASH: OnceLock<String> = OnceLock::new();
    HASH.get_or_init(|| password::hash(PASSWORD).unwrap()).clone()
}

struct Reply {
    status: StatusCode,
    headers: HeaderMap,
    body: Value,
    text: String,
}

impl Reply {
    fn set_cookie(&self) -> Option<&str> {
        self.headers.get(header::SET_COOKIE).map(|v| v.to_str().unwrap())
    }
}

struct Studio {
    _db: TestDb,
    state: AppState,
    now: Arc<AtomicI64>,
    next_ip: AtomicU32,
}

impl Studio {
    async fn new(db: TestDb) -> Studio {
        Studio::with_sites(db, "{}").await
    }

    async fn with_sites(db: TestDb, sites: &str) -> Studio {
        let mut state = AppState::with_sites(db.open().await, Sites::from_json(sites).unwrap());
        let now = Arc::new(AtomicI64::new(T0));
        let clock = now.clone();
        state.clock = Arc::new(move || clock.load(Ordering::SeqCst));
        touchpoint_collector::studio::sites::reload(&state).await.unwrap();
        Studio { _db: db, state, now, next_ip: AtomicU32::new(1) }
    }

    fn advance(&self, ms: i64) {
        self.now.fetch_add(ms, Ordering::SeqCst);
    }

    async fn user(&self, email: &str, role: Role, sites: Option<&[&str]>) {
        let sites = sites.map(|s| s.iter().map(|x| (*x).to_owned()).collect());
        let user =
            User { email: email.into(), role, sites, password_hash: password_hash(), created_at: T0, disabled: false };
        self.state.db.create_user(user).await.unwrap().unwrap();
    }

    /// A fresh client address, so each test's sign-ins are not each other's rate limit.
    fn ip(&self) -> [u8; 4] {
        let n = self.next_ip.fetch_add(1, Ordering::SeqCst);
        [10, (n >> 16) as u8, (n >> 8) as u8, n as u8]
    }

    async fn send(&self, mut req: Request<Body>, ip: [u8; 4]) -> Reply {
        req.extensions_mut().insert(ConnectInfo(SocketAddr::from((ip, 40_000))));
        let res = app(self.state.clone()).oneshot(req).await.unwrap();
        let (parts, body) = res.into_parts();
        let bytes = body.collect().await.unwrap().to_bytes();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        Reply {
            status: parts.status,
            headers: parts.headers,
            body: serde_json::from_str(&text).unwrap_or(Value::Null),
            text,
        }
    }

    /// `POST /v1/session` from the collector's own pages.
    async fn sign_in_from(&self, email: &str, password: &str, ip: [u8; 4]) -> Reply {
        let req = Request::post("/v1/session")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, OWN)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(json!({"email": email, "password": password}).to_string()))
            .unwrap();
        self.send(req, ip).await
    }

    async fn sign_in(&self, email: &str) -> Browser<'_> {
        let reply = self.sign_in_from(email, PASSWORD, self.ip()).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        let cookie = reply.set_cookie().unwrap().split(';').next().unwrap().to_owned();
        Browser { studio: self, cookie, csrf: reply.body["csrf"].as_str().unwrap().to_owned() }
    }

    /// A request with no credentials at all.
    async fn anonymous(&self, method: Method, path: &str) -> Reply {
        let req = Request::builder().method(method).uri(path).header(header::HOST, HOST).body(Body::empty()).unwrap();
        self.send(req, self.ip()).await
    }

    /// A GET with `Authorization: Bearer key`.
    async fn with_key(&self, key: &str, path: &str) -> Reply {
        let req = Request::get(path).header(header::HOST, HOST).header(header::AUTHORIZATION, format!("Bearer {key}"));
        self.send(req.body(Body::empty()).unwrap(), self.ip()).await
    }

    async fn key(&self, site: &str) -> String {
        support::read_key(&self.state.db, site).await
    }
}

/// A signed-in browser on the collector's own origin: its cookie and CSRF token.
struct Browser<'s> {
    studio: &'s Studio,
    cookie: String,
    csrf: String,
}

impl Browser<'_> {
    fn request(&self, method: Method, path: &str) -> axum::http::request::Builder {
        Request::builder().method(method).uri(path).header(header::HOST, HOST).header(header::COOKIE, &self.cookie)
    }

    async fn get(&self, path: &str) -> Reply {
        self.studio.send(self.request(Method::GET, path).body(Body::empty()).unwrap(), self.studio.ip()).await
    }

    /// A state-changing request as Studio's page sends it: same origin, CSRF token.
    async fn send(&self, method: Method, path: &str, body: Value) -> Reply {
        let req = self
            .request(method, path)
            .header(header::ORIGIN, OWN)
            .header("x-csrf-token", &self.csrf)
            .header(header::CONTENT_TYPE, "application/json")
            .body(Body::from(if body.is_null() { String::new() } else { body.to_string() }))
            .unwrap();
        self.studio.send(req, self.studio.ip()).await
    }
}

/// A published document: the demo configuration with one field changed.
fn config_with(change: impl FnOnce(&mut Value)) -> Value {
    let mut doc: Value = serde_json::from_str(CONFIG).unwrap();
    change(&mut doc);
    doc
}

on_both! {
    /// Passwords are stored as argon2id hashes, tokens and keys as SHA-256: read from the tables.
    async fn only_hashes_of_passwords_tokens_and_keys_are_stored(db) {
        let s = Studio::new(db).await;
        s.user("ada@northwind.example", Role::Admin, None).await;
        let ada = s.sign_in("ada@northwind.example").await;
        let added = ada.send(Method::POST, "/v1/keys", json!({"site": "northwind", "scope": "read"})).await;
        // The site is not known yet; made by an admin, then the key.
        assert_eq!(added.status, StatusCode::NOT_FOUND, "{}", added.text);
        let site = ada.send(Method::POST, "/v1/sites", json!({"id": "northwind", "origins": []})).await;
        assert_eq!(site.status, StatusCode::CREATED, "{}", site.text);
        let added = ada.send(Method::POST, "/v1/keys", json!({"site": "northwind", "scope": "read"})).await;
        assert_eq!(added.status, StatusCode::CREATED, "{}", added.text);
        let key = added.body["key"].as_str().unwrap().to_owned();
        assert!(key.starts_with("tp_") && key.len() == 46, "{key}");
        assert_eq!(added.body["prefix"], key[..8]);

        let token = ada.cookie.trim_start_matches("tp_session=");
        let (users, sessions, keys) = (
            table_text(&s._db, "users").await,
            table_text(&s._db, "sessions").await,
            table_text(&s._db, "api_keys").await,
        );
        assert!(users.contains("$argon2id$v=19$m=19456,t=2,p=1$"), "{users}");
        assert!(!users.contains(PASSWORD));
        assert!(sessions.contains(&secret::hash(token)), "{sessions}");
        assert!(!sessions.contains(token), "the session token itself is not stored");
        assert!(keys.contains(&secret::hash(&key)), "{keys}");
        assert!(!keys.contains(&key), "the key itself is not stored");
        // And the key is never shown again.
        let listed = ada.get("/v1/keys?site=northwind").await;
        assert_eq!(listed.body["keys"][0]["prefix"], key[..8]);
        assert!(!listed.text.contains(&key) && !listed.text.contains(&secret::hash(&key)), "{}", listed.text);
    }
}

on_both! {
    /// The cookie is HttpOnly, SameSite=Strict, Path=/ (Secure over https); the session's
    /// expiry slides with use, written at most hourly, and an expired session is refused.
    async fn a_session_slides_with_use_and_an_expired_one_is_refused(db) {
        let s = Studio::new(db).await;
        s.user("ada@northwind.example", Role::Viewer, None).await;
        let signed = s.sign_in_from("ada@northwind.example", PASSWORD, s.ip()).await;
        let cookie = signed.set_cookie().unwrap();
        assert!(cookie.starts_with("tp_session="), "{cookie}");
        assert!(cookie.ends_with("; HttpOnly; SameSite=Strict; Path=/; Max-Age=1209600"), "{cookie}");
        assert_eq!(signed.body["user"], json!({"email": "ada@northwind.example", "role": "viewer", "sites": null, "created_at": T0, "disabled": false}));
        let ada = s.sign_in("ada@northwind.example").await;

        s.advance(30 * MINUTE);
        let seen = ada.get("/v1/session").await;
        assert_eq!(seen.status, StatusCode::OK);
        assert_eq!(seen.body["csrf"], ada.csrf.as_str());
        assert_eq!(seen.set_cookie(), None, "within the hour nothing is written");

        s.advance(13 * DAY);
        let seen = ada.get("/v1/session").await;
        assert_eq!(seen.status, StatusCode::OK);
        assert!(seen.set_cookie().unwrap().contains("Max-Age=1209600"), "the cookie is sent again with the new expiry");

        // 14 days after that use, less a minute: still signed in; then a day later, refused.
        s.advance(14 * DAY - MINUTE);
        assert_eq!(ada.get("/v1/session").await.status, StatusCode::OK, "the expiry slid with the last use");
        s.advance(14 * DAY + MINUTE);
        let expired = ada.get("/v1/sites").await;
        assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
        assert_eq!(expired.body, json!({"error": "sign in or send an API key"}));
        assert!(expired.set_cookie().unwrap().contains("Max-Age=0"), "the dead cookie is cleared");
        assert_eq!(table_text(&s._db, "sessions").await.lines().count(), 1, "only the other session is left");

        // A session unused for exactly 14 days is over too.
        let bo = s.sign_in("ada@northwind.example").await;
        s.advance(14 * DAY);
        assert_eq!(bo.get("/v1/session").await.status, StatusCode::UNAUTHORIZED);
    }
}

on_both! {
    /// Over https (a trusted proxy says so) the cookie is also Secure; sign-out ends the session.
    async fn sign_out_revokes_the_session_and_clears_the_cookie(db) {
        let mut s = Studio::new(db).await;
        s.state.trust_forwarded_for = true;
        s.user("ada@northwind.example", Role::Editor, None).await;
        let req = Request::post("/v1/session")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, "https://cx.northwind.example")
            .header("x-forwarded-proto", "https")
            .body(Body::from(json!({"email": "Ada@Northwind.example", "password": PASSWORD}).to_string()))
            .unwrap();
        let signed = s.send(req, s.ip()).await;
        assert_eq!(signed.status, StatusCode::OK, "{}", signed.text);
        assert!(signed.set_cookie().unwrap().ends_with("; Secure"), "{:?}", signed.set_cookie());

        let ada = s.sign_in("ada@northwind.example").await;
        s.advance(2 * HOUR);
        let out = ada.send(Method::DELETE, "/v1/session", Value::Null).await;
        assert_eq!(out.status, StatusCode::NO_CONTENT);
        let cookies: Vec<&str> = out.headers.get_all(header::SET_COOKIE).iter().map(|v| v.to_str().unwrap()).collect();
        assert_eq!(cookies.len(), 1, "only the clearing, not a refresh of the revoked token: {cookies:?}");
        assert!(cookies[0].contains("Max-Age=0"));
        assert_eq!(ada.get("/v1/session").await.status, StatusCode::UNAUTHORIZED, "the token is revoked");
    }
}

on_both! {
    /// A page on another origin cannot change anything with the marketer's cookie: not with a
    /// forged Origin, not without the CSRF token, not as a cross-site navigation.
    async fn a_forged_cross_origin_post_with_the_session_cookie_changes_nothing(db) {
        let s = Studio::new(db).await;
        s.user("ada@northwind.example", Role::Admin, None).await;
        let ada = s.sign_in("ada@northwind.example").await;
        let site = json!({"id": "evil", "origins": ["https://evil.example"]}).to_string();
        let attempts = [
            // The attacker's page, with the cookie (and even the token, were it known).
            vec![(header::ORIGIN.as_str(), "https://evil.example"), ("x-csrf-token", ada.csrf.as_str())],
            // A sibling subdomain: same site, another origin.
            vec![(header::ORIGIN.as_str(), "https://www.northwind.example"), ("x-csrf-token", ada.csrf.as_str())],
            // The right origin without the token.
            vec![(header::ORIGIN.as_str(), OWN)],
            // The right origin with a wrong token.
            vec![(header::ORIGIN.as_str(), OWN), ("x-csrf-token", "guessed")],
            // No Origin: a cross-site form post as older browsers send it.
            vec![("sec-fetch-site", "cross-site"), ("x-csrf-token", ada.csrf.as_str())],
            // No Origin and no Sec-Fetch-Site: not a request a browser of ours sends.
            vec![("x-csrf-token", ada.csrf.as_str())],
        ];
        for headers in attempts {
            let mut req = ada.request(Method::POST, "/v1/sites").header(header::CONTENT_TYPE, "application/json");
            for (k, v) in &headers {
                req = req.header(*k, *v);
            }
            let reply = s.send(req.body(Body::from(site.clone())).unwrap(), s.ip()).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{headers:?}");
            assert_eq!(reply.body, json!({"error": "cross-site request refused"}));
            assert!(reply.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
        }
        assert_eq!(table_text(&s._db, "sites").await, "", "nothing was created");
        // A forged sign-out does not sign anyone out; a forged sign-in is refused too.
        let req = ada.request(Method::DELETE, "/v1/session").header(header::ORIGIN, "https://evil.example");
        assert_eq!(s.send(req.body(Body::empty()).unwrap(), s.ip()).await.status, StatusCode::FORBIDDEN);
        assert_eq!(ada.get("/v1/session").await.status, StatusCode::OK);
        let req = Request::post("/v1/session")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, "https://evil.example")
            .body(Body::from(json!({"email": "ada@northwind.example", "password": PASSWORD}).to_string()))
            .unwrap();
        let forged = s.send(req, s.ip()).await;
        assert_eq!((forged.status, forged.set_cookie()), (StatusCode::FORBIDDEN, None));
        // The same request from Studio's own page works, and sends no CORS grant.
        let made = ada.send(Method::POST, "/v1/sites", serde_json::from_str(&site).unwrap()).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
        // A preflight from elsewhere is granted nothing either.
        let req = Request::builder()
            .method(Method::OPTIONS)
            .uri("/v1/sites")
            .header(header::HOST, HOST)
            .header(header::ORIGIN, "https://evil.example")
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .body(Body::empty())
            .unwrap();
        assert!(s.send(req, s.ip()).await.headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    }
}

on_both! {
    /// Viewer reads; editor edits and publishes; admin manages users, sites and keys; a user
    /// limited to some sites sees only those.
    async fn each_role_may_do_what_it_says_and_no_more(db) {
        let s = Studio::new(db).await;
        for (email, role, sites) in [
            ("ada@northwind.example", Role::Admin, None),
            ("ed@northwind.example", Role::Editor, None),
            ("vi@northwind.example", Role::Viewer, None),
            ("co@contoso.example", Role::Editor, Some(&["contoso"][..])),
        ] {
            s.user(email, role, sites).await;
        }
        let (ada, ed, vi, co) = (
            s.sign_in("ada@northwind.example").await,
            s.sign_in("ed@northwind.example").await,
            s.sign_in("vi@northwind.example").await,
            s.sign_in("co@contoso.example").await,
        );
        for id in ["northwind", "contoso"] {
            assert_eq!(ada.send(Method::POST, "/v1/sites", json!({"id": id, "origins": []})).await.status, StatusCode::CREATED);
        }
        let publish = json!({"document": serde_json::from_str::<Value>(CONFIG).unwrap(), "base_version": null, "note": "first"});
        let viewer = vi.send(Method::POST, "/v1/sites/northwind/versions", publish.clone()).await;
        assert_eq!(viewer.status, StatusCode::FORBIDDEN);
        assert_eq!(viewer.body, json!({"error": "your role (viewer) cannot do this: it needs an editor or admin"}));
        assert_eq!(vi.send(Method::PUT, "/v1/sites/northwind/draft", json!({"document": {}, "base_version": null})).await.status, StatusCode::FORBIDDEN);
        let editor = ed.send(Method::POST, "/v1/sites/northwind/versions", publish.clone()).await;
        assert_eq!(editor.status, StatusCode::CREATED, "{}", editor.text);
        assert_eq!(editor.body["author"], "ed@northwind.example");
        assert_eq!(vi.get("/v1/sites/northwind/versions").await.body["versions"][0]["version"], 1, "viewers read");

        let user = json!({"email": "new@northwind.example", "role": "viewer", "password": PASSWORD});
        for (who, path, body) in [
            (&ed, "/v1/users", user.clone()),
            (&ed, "/v1/sites", json!({"id": "x", "origins": []})),
            (&ed, "/v1/keys", json!({"site": "northwind", "scope": "read"})),
            (&vi, "/v1/users", user.clone()),
        ] {
            let reply = who.send(Method::POST, path, body).await;
            assert_eq!(reply.status, StatusCode::FORBIDDEN, "{path}: {}", reply.text);
        }
        assert_eq!(ed.get("/v1/users").await.status, StatusCode::FORBIDDEN);
        assert_eq!(ed.send(Method::PUT, "/v1/sites/northwind", json!({"origins": []})).await.status, StatusCode::FORBIDDEN);
        assert_eq!(ada.send(Method::POST, "/v1/users", user).await.status, StatusCode::CREATED);

        // Limited to contoso: northwind is out of sight and out of reach.
        let sites: Vec<String> = co.get("/v1/sites").await.body["sites"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap().to_owned()).collect();
        assert_eq!(sites, ["contoso"]);
        for path in ["/v1/sites/northwind", "/v1/sites/northwind/versions", "/v1/sites/northwind/versions/1", "/v1/responses?site=northwind"] {
            let reply = co.get(path).await;
            assert_eq!((reply.status, reply.body.clone()), (StatusCode::FORBIDDEN, json!({"error": "no access to site northwind"})), "{path}");
        }
        assert_eq!(co.send(Method::POST, "/v1/sites/northwind/versions", publish).await.status, StatusCode::FORBIDDEN);
        assert_eq!(co.get("/v1/responses?site=contoso").await.status, StatusCode::OK);
    }
}

on_both! {
    /// The read API: 401 without credentials, 200 with the site's key, 403 with another
    /// site's; keys only read; last use recorded (at most a write a minute); revocation.
    async fn the_read_api_needs_a_key_for_its_site(db) {
        let s = Studio::new(db).await;
        let (northwind, contoso) = (s.key("northwind").await, s.key("contoso").await);
        for path in ["/v1/responses?site=northwind", "/v1/promises?site=northwind"] {
            let none = s.anonymous(Method::GET, path).await;
            assert_eq!((none.status, none.body.clone()), (StatusCode::UNAUTHORIZED, json!({"error": "sign in or send an API key"})), "{path}");
            assert_eq!(none.headers[header::WWW_AUTHENTICATE], "Bearer");
            let ok = s.with_key(&northwind, path).await;
            assert_eq!(ok.status, StatusCode::OK, "{path}: {}", ok.text);
            let other = s.with_key(&contoso, path).await;
            assert_eq!((other.status, other.body.clone()), (StatusCode::FORBIDDEN, json!({"error": "no access to site northwind"})), "{path}");
            assert_eq!(s.with_key("tp_not-a-key", path).await.status, StatusCode::UNAUTHORIZED);
        }
        assert_eq!(s.with_key(&northwind, "/v1/sites").await.status, StatusCode::FORBIDDEN, "a key is not a Studio session");
        assert_eq!(s.with_key(&northwind, "/v1/sites/northwind/versions").await.status, StatusCode::FORBIDDEN);
        let req = Request::post("/v1/sites")
            .header(header::HOST, HOST)
            .header(header::AUTHORIZATION, format!("Bearer {northwind}"))
            .body(Body::from(json!({"id": "x", "origins": []}).to_string()))
            .unwrap();
        assert_eq!(s.send(req, s.ip()).await.status, StatusCode::FORBIDDEN, "keys only read");

        let used = |keys: Vec<touchpoint_collector::db::ApiKey>| keys.iter().find(|k| k.site == "northwind").unwrap().last_used_at;
        assert_eq!(used(s.state.db.keys(None).await.unwrap()), Some(T0), "the first use is recorded");
        s.advance(30_000);
        s.with_key(&northwind, "/v1/responses?site=northwind").await;
        assert_eq!(used(s.state.db.keys(None).await.unwrap()), Some(T0), "within a minute nothing is written");
        s.advance(31_000);
        s.with_key(&northwind, "/v1/responses?site=northwind").await;
        assert_eq!(used(s.state.db.keys(None).await.unwrap()), Some(T0 + 61_000));

        let id = s.state.db.keys(Some("northwind")).await.unwrap()[0].id.clone();
        assert!(s.state.db.delete_key(&id).await.unwrap());
        assert_eq!(s.with_key(&northwind, "/v1/responses?site=northwind").await.status, StatusCode::UNAUTHORIZED, "revoked at once");
    }
}

on_both! {
    /// Ten sign-ins a minute per address, five per account (unknown emails too), then 429
    /// with Retry-After; an unknown email and a wrong password get the same answer.
    async fn sign_in_is_rate_limited_per_address_and_per_account(db) {
        let s = Studio::new(db).await;
        s.user("ada@northwind.example", Role::Admin, None).await;
        let ip = s.ip();
        for n in 0..10 {
            let reply = s.sign_in_from(&format!("nobody{n}@northwind.example"), "wrong password", ip).await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "attempt {n}");
        }
        let limited = s.sign_in_from("ada@northwind.example", PASSWORD, ip).await;
        assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS, "the 11th from one address, right password or not");
        let wait: u64 = limited.headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
        assert!((1..=60).contains(&wait), "{wait}");
        assert_eq!(limited.set_cookie(), None);

        // One account from many addresses: five tries, then the account waits.
        for n in 0..5 {
            assert_eq!(s.sign_in_from("ada@northwind.example", "guess", s.ip()).await.status, StatusCode::UNAUTHORIZED, "{n}");
        }
        let limited = s.sign_in_from("ada@northwind.example", PASSWORD, s.ip()).await;
        assert_eq!(limited.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(limited.headers.contains_key(header::RETRY_AFTER));
        // Another account is not affected.
        s.user("bo@northwind.example", Role::Viewer, None).await;
        assert_eq!(s.sign_in_from("bo@northwind.example", PASSWORD, s.ip()).await.status, StatusCode::OK);
    }
}

on_both! {
    /// An unknown email and a wrong password: the same status and body, and about the same
    /// time (the unknown email is verified against a dummy hash, not answered at once).
    async fn an_unknown_email_and_a_wrong_password_look_the_same(db) {
        let s = Studio::new(db).await;
        for n in 0..4 {
            s.user(&format!("u{n}@northwind.example"), Role::Viewer, None).await;
        }
        let mut unknown = Vec::new();
        let mut wrong = Vec::new();
        for n in 0..4 {
            let started = std::time::Instant::now();
            let a = s.sign_in_from(&format!("nobody{n}@northwind.example"), "wrong password", s.ip()).await;
            unknown.push(started.elapsed());
            let started = std::time::Instant::now();
            let b = s.sign_in_from(&format!("u{n}@northwind.example"), "wrong password", s.ip()).await;
            wrong.push(started.elapsed());
            assert_eq!((a.status, &a.text), (b.status, &b.text));
            assert_eq!(a.body, json!({"error": "wrong email or password"}));
            assert_eq!(a.set_cookie(), None);
        }
        unknown.sort();
        wrong.sort();
        let (u, w) = (unknown[2].as_secs_f64(), wrong[2].as_secs_f64());
        // Verifying a password takes tens of milliseconds; answering without would take well
        // under one. The bound is loose on purpose (a shared, busy machine), not a benchmark.
        assert!(u > w / 3.0 && u < w * 3.0, "unknown {unknown:?} against wrong {wrong:?}");
    }
}

on_both! {
    /// Two editors start from version 1; the first publish wins, the second is refused with
    /// what changed in between, and nothing is overwritten. Then a rollback.
    async fn the_later_of_two_publishes_is_a_conflict_and_rollback_brings_a_version_back(db) {
        let s = Studio::new(db).await;
        s.user("ada@northwind.example", Role::Editor, None).await;
        s.user("bo@northwind.example", Role::Editor, None).await;
        let (ada, bo) = (s.sign_in("ada@northwind.example").await, s.sign_in("bo@northwind.example").await);
        assert_eq!(ada.get("/v1/sites/northwind/versions").await.status, StatusCode::NOT_FOUND, "no such site yet");
        s.state.db.put_site(touchpoint_collector::db::SiteRow { id: "northwind".into(), origins: vec![], retention_days: None, created_at: T0 }).await.unwrap();
        let v1 = config_with(|_| {});
        let first = ada.send(Method::POST, "/v1/sites/northwind/versions", json!({"document": v1, "base_version": null})).await;
        assert_eq!(first.status, StatusCode::CREATED, "{}", first.text);
        assert_eq!(first.body, json!({"version": 1, "author": "ada@northwind.example", "created_at": T0, "note": null}));

        // Both edit version 1: Ada renames the chat, Bo changes the e-mail promise.
        let ada_doc = config_with(|d| d["channels"][0]["label"] = json!("Chat with us"));
        let bo_doc = config_with(|d| d["channels"][1]["response_time"] = json!("PT2H"));
        s.advance(MINUTE);
        let ada_publish = ada.send(Method::POST, "/v1/sites/northwind/versions", json!({"document": ada_doc, "base_version": 1, "note": "Friendlier label"})).await;
        assert_eq!(ada_publish.status, StatusCode::CREATED);
        assert_eq!(ada_publish.body["version"], 2);
        s.advance(MINUTE);
        let conflict = bo.send(Method::POST, "/v1/sites/northwind/versions", json!({"document": bo_doc, "base_version": 1})).await;
        assert_eq!(conflict.status, StatusCode::CONFLICT, "{}", conflict.text);
        assert_eq!(conflict.body["error"], "conflict");
        assert_eq!(conflict.body["current"], json!({"version": 2, "author": "ada@northwind.example", "created_at": T0 + MINUTE, "note": "Friendlier label"}));
        assert_eq!(conflict.body["changes"], json!([{"path": "channels[0].label", "before": "Live chat", "after": "Chat with us"}]));
        assert_eq!(
            conflict.body["yours"],
            json!([
                {"path": "channels[0].label", "before": "Chat with us", "after": "Live chat"},
                {"path": "channels[1].response_time", "before": "PT2M", "after": "PT2H"},
            ])
        );
        let versions = bo.get("/v1/sites/northwind/versions").await;
        assert_eq!(versions.body["versions"].as_array().unwrap().len(), 2, "nothing was stored");
        let served = s.anonymous(Method::GET, "/v1/sites/northwind/config").await;
        assert_eq!(served.body["channels"][0]["label"], "Chat with us", "Ada's version is what is served");

        // Bo merges onto version 2 and publishes: version 3 has both changes.
        let merged = config_with(|d| {
            d["channels"][0]["label"] = json!("Chat with us");
            d["channels"][1]["response_time"] = json!("PT2H");
        });
        let third = bo.send(Method::POST, "/v1/sites/northwind/versions", json!({"document": merged, "base_version": 2})).await;
        assert_eq!(third.body["version"], 3);
        let diff = bo.get("/v1/sites/northwind/versions/1/diff/3").await;
        assert_eq!(diff.body["changes"].as_array().unwrap().len(), 2, "{}", diff.text);

        // Rollback to version 1: a new version 4 with version 1's document, exactly.
        let stale = ada.send(Method::POST, "/v1/sites/northwind/versions/1/rollback", json!({"base_version": 2})).await;
        assert_eq!(stale.status, StatusCode::CONFLICT, "a rollback over a newer version is a conflict too");
        let back = ada.send(Method::POST, "/v1/sites/northwind/versions/1/rollback", json!({"base_version": 3})).await;
        assert_eq!(back.status, StatusCode::CREATED, "{}", back.text);
        assert_eq!((back.body["version"].clone(), back.body["note"].clone()), (json!(4), json!("Rollback to version 1")));
        let four = ada.get("/v1/sites/northwind/versions/4").await;
        let one = ada.get("/v1/sites/northwind/versions/1").await;
        assert_eq!(four.body["document"], one.body["document"]);
        assert!(ada.get("/v1/sites/northwind/versions/3/diff/4").await.body["changes"].as_array().unwrap().len() == 2);
        assert_eq!(ada.get("/v1/sites/northwind/versions/9").await.status, StatusCode::NOT_FOUND);
    }
}

on_both! {
    /// Drafts autosave whatever is typed (the problems come back with paths) and belong to
    /// their author; a publish deletes the publisher's draft; an invalid publish stores nothing.
    async fn drafts_save_anything_and_a_publish_checks_everything(db) {
        let s = Studio::with_sites(db, r#"{"sites": {"northwind": {"origins": ["https://www.northwind.example"]}}}"#).await;
        s.user("ada@northwind.example", Role::Editor, None).await;
        s.user("bo@northwind.example", Role::Editor, None).await;
        let (ada, bo) = (s.sign_in("ada@northwind.example").await, s.sign_in("bo@northwind.example").await);
        assert_eq!(ada.get("/v1/sites/northwind/draft").await.status, StatusCode::NOT_FOUND);
        let broken = config_with(|d| {
            d["site"] = json!("contoso");
            d["channels"][0]["href"] = json!("not a link");
        });
        let raw = format!(r#"{{"base_version":null,"document":{}}}"#, serde_json::to_string_pretty(&broken).unwrap());
        let req = ada.request(Method::PUT, "/v1/sites/northwind/draft").header(header::ORIGIN, OWN).header("x-csrf-token", &ada.csrf);
        let saved = s.send(req.body(Body::from(raw)).unwrap(), s.ip()).await;
        assert_eq!(saved.status, StatusCode::OK, "{}", saved.text);
        assert_eq!(saved.body["updated_at"], T0);
        assert_eq!(
            saved.body["problems"],
            json!([
                {"path": "channels[0].href", "message": "must be an https: link or a path starting with /"},
                {"path": "site", "message": "is `contoso`, but this configuration is published for site `northwind`"},
            ])
        );
        let back = ada.get("/v1/sites/northwind/draft").await;
        assert!(back.text.contains(&serde_json::to_string_pretty(&broken).unwrap()), "the document as typed, byte for byte");
        assert_eq!(bo.get("/v1/sites/northwind/draft").await.status, StatusCode::NOT_FOUND, "drafts are their author's");

        let refused = ada.send(Method::POST, "/v1/sites/northwind/versions", json!({"document": broken, "base_version": null})).await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(refused.body["error"], "invalid configuration");
        assert_eq!(refused.body["fields"].as_array().unwrap().len(), 2);
        let missing = ada.send(Method::POST, "/v1/sites/northwind/versions", json!({"document": {}})).await;
        assert_eq!(missing.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(missing.body["fields"][0]["path"], "base_version", "{}", missing.text);
        let huge = json!({"document": {"x": "y".repeat(256 * 1024)}, "base_version": null});
        assert_eq!(ada.send(Method::PUT, "/v1/sites/northwind/draft", huge).await.status, StatusCode::PAYLOAD_TOO_LARGE);
        assert!(s.state.db.versions("northwind").await.unwrap().is_empty());

        let good = ada.send(Method::POST, "/v1/sites/northwind/versions", json!({"document": config_with(|_| {}), "base_version": null})).await;
        assert_eq!(good.status, StatusCode::CREATED, "a site from the --sites file: {}", good.text);
        assert_eq!(ada.get("/v1/sites/northwind/draft").await.status, StatusCode::NOT_FOUND, "published: the draft is gone");
        assert_eq!(ada.send(Method::DELETE, "/v1/sites/northwind/draft", Value::Null).await.status, StatusCode::NO_CONTENT);
        assert_eq!(ada.get("/v1/sites/nowhere/draft").await.status, StatusCode::NOT_FOUND);
    }
}

on_both! {
    /// The published configuration, as a host page on any origin reads it: CORS for anyone
    /// (no credentials), a strong ETag of the bytes, 304 when unchanged, the new version at once.
    async fn the_published_configuration_is_served_to_any_origin_with_an_etag(db) {
        let s = Studio::new(db).await;
        let get = |etag: Option<&str>| {
            let mut req = Request::get("/v1/sites/northwind/config").header(header::HOST, HOST).header(header::ORIGIN, "https://www.northwind.example");
            if let Some(etag) = etag {
                req = req.header(header::IF_NONE_MATCH, etag);
            }
            req.body(Body::empty()).unwrap()
        };
        let none = s.send(get(None), s.ip()).await;
        assert_eq!((none.status, none.body.clone()), (StatusCode::NOT_FOUND, json!({"error": "site northwind has no published configuration"})));
        assert_eq!(none.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");

        s.user("ada@northwind.example", Role::Editor, None).await;
        s.state.db.put_site(touchpoint_collector::db::SiteRow { id: "northwind".into(), origins: vec![], retention_days: None, created_at: T0 }).await.unwrap();
        let ada = s.sign_in("ada@northwind.example").await;
        let raw = format!(r#"{{"base_version": null, "document": {}}}"#, CONFIG.trim_end());
        let req = ada.request(Method::POST, "/v1/sites/northwind/versions").header(header::ORIGIN, OWN).header("x-csrf-token", &ada.csrf);
        assert_eq!(s.send(req.body(Body::from(raw)).unwrap(), s.ip()).await.status, StatusCode::CREATED);

        let first = s.send(get(None), s.ip()).await;
        assert_eq!(first.status, StatusCode::OK);
        assert_eq!(first.text, CONFIG.trim_end(), "the bytes as published");
        assert_eq!(first.headers[header::CONTENT_TYPE], "application/json");
        assert_eq!(first.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        assert!(first.headers.get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS).is_none());
        assert_eq!(first.headers[header::CACHE_CONTROL], "public, no-cache");
        let etag = first.headers[header::ETAG].to_str().unwrap().to_owned();
        assert!(etag.starts_with('"') && etag.len() == 45, "{etag}");
        let again = s.send(get(Some(&etag)), s.ip()).await;
        assert_eq!((again.status, again.text.as_str()), (StatusCode::NOT_MODIFIED, ""));
        assert_eq!(again.headers[header::ETAG], etag.as_str());
        assert_eq!(again.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "*");
        assert_eq!(s.send(get(Some(&format!("\"other\", W/{etag}"))), s.ip()).await.status, StatusCode::NOT_MODIFIED);

        let changed = config_with(|d| d["channels"][0]["label"] = json!("Chat with us"));
        ada.send(Method::POST, "/v1/sites/northwind/versions", json!({"document": changed, "base_version": 1})).await;
        let next = s.send(get(Some(&etag)), s.ip()).await;
        assert_eq!(next.status, StatusCode::OK, "a new version is served at once");
        assert_eq!(next.body["channels"][0]["label"], "Chat with us");
        assert_ne!(next.headers[header::ETAG], etag.as_str());

        let schema = s.anonymous(Method::GET, "/v1/schema").await;
        assert_eq!(schema.status, StatusCode::OK);
        assert_eq!(schema.body, touchpoint_core::schema::config_schema());
        assert_eq!(s.anonymous(Method::GET, "/v1/sites/Bad%20Id/config").await.status, StatusCode::NOT_FOUND);
    }
}

on_both! {
    /// Users managed by admins: every problem of a new user at once, 409 for a taken email, the
    /// last admin kept, disabling and a new password ending sessions.
    async fn admins_manage_users_and_the_last_admin_stays(db) {
        let s = Studio::new(db).await;
        s.user("ada@northwind.example", Role::Admin, None).await;
        let ada = s.sign_in("ada@northwind.example").await;
        let bad = ada.send(Method::POST, "/v1/users", json!({"email": "not-an-email", "role": "owner", "password": "short", "sites": ["North"], "name": "x"})).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        let paths: Vec<&str> = bad.body["fields"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
        assert_eq!(paths, ["name", "email", "role", "sites[0]", "password"], "{}", bad.text);
        let made = ada.send(Method::POST, "/v1/users", json!({"email": "Bo@Northwind.example", "role": "editor", "password": PASSWORD, "sites": ["northwind"]})).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
        assert_eq!(made.body["email"], "bo@northwind.example");
        assert_eq!(made.body["sites"], json!(["northwind"]));
        assert!(!made.text.contains("argon2"));
        assert_eq!(ada.send(Method::POST, "/v1/users", json!({"email": "bo@northwind.example", "role": "viewer", "password": PASSWORD})).await.status, StatusCode::CONFLICT);

        let last = ada.send(Method::PATCH, "/v1/users/ada@northwind.example", json!({"role": "editor"})).await;
        assert_eq!(last.status, StatusCode::CONFLICT);
        assert_eq!(last.body["error"], "ada@northwind.example is the last admin who can sign in: make another admin first");
        assert_eq!(ada.send(Method::PATCH, "/v1/users/ada@northwind.example", json!({"disabled": true})).await.status, StatusCode::CONFLICT);
        assert_eq!(ada.send(Method::DELETE, "/v1/users/ada@northwind.example", Value::Null).await.status, StatusCode::CONFLICT);

        let bo = s.sign_in("bo@northwind.example").await;
        let disabled = ada.send(Method::PATCH, "/v1/users/bo@northwind.example", json!({"disabled": true})).await;
        assert_eq!((disabled.status, disabled.body["disabled"].clone()), (StatusCode::OK, json!(true)));
        assert_eq!(bo.get("/v1/session").await.status, StatusCode::UNAUTHORIZED, "a disabled user's session ends");
        assert_eq!(s.sign_in_from("bo@northwind.example", PASSWORD, s.ip()).await.status, StatusCode::UNAUTHORIZED);
        ada.send(Method::PATCH, "/v1/users/bo@northwind.example", json!({"disabled": false, "role": "admin", "sites": null})).await;

        // A new password ends the user's other sessions, not the one that set it.
        let other = s.sign_in("ada@northwind.example").await;
        let changed = ada.send(Method::PATCH, "/v1/users/ada@northwind.example", json!({"password": "another long password"})).await;
        assert_eq!(changed.status, StatusCode::OK, "{}", changed.text);
        assert_eq!(other.get("/v1/session").await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(ada.get("/v1/session").await.status, StatusCode::OK);
        assert_eq!(s.sign_in_from("ada@northwind.example", "another long password", s.ip()).await.status, StatusCode::OK);

        // With Bo an admin, Ada may step down; removing a user ends their sessions and drafts.
        assert_eq!(ada.send(Method::PATCH, "/v1/users/ada@northwind.example", json!({"role": "viewer"})).await.status, StatusCode::OK);
        let bo = s.sign_in("bo@northwind.example").await;
        assert_eq!(bo.send(Method::DELETE, "/v1/users/ada@northwind.example", Value::Null).await.status, StatusCode::NO_CONTENT);
        assert_eq!(ada.get("/v1/session").await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(bo.send(Method::DELETE, "/v1/users/ada@northwind.example", Value::Null).await.status, StatusCode::NOT_FOUND);
        let users = bo.get("/v1/users").await;
        assert_eq!(users.body["users"].as_array().unwrap().len(), 1);
    }
}

on_both! {
    /// Sites made in Studio join the --sites file's: a page on a new origin may post at once,
    /// with its CORS grant; the file's part is shown read-only beside the database's.
    async fn sites_from_studio_join_the_files_allowlist(db) {
        let s = Studio::with_sites(db, r#"{"sites": {"northwind": {"origins": ["https://www.northwind.example"], "retention_days": 30}}}"#).await;
        s.user("ada@northwind.example", Role::Admin, None).await;
        let ada = s.sign_in("ada@northwind.example").await;
        let post = |origin: &'static str, site: &'static str| {
            let body = json!({"v": 1, "id": format!("00000000-0000-4000-8000-{:012}", origin.len() + site.len()), "site": site,
                "touchpoint": "help-panel", "created_at": T0, "answers": [{"kind": "csat", "question": "csat", "value": 5}]});
            Request::post("/v1/submissions").header(header::HOST, HOST).header(header::ORIGIN, origin).body(Body::from(body.to_string())).unwrap()
        };
        assert_eq!(s.send(post("https://shop.contoso.example", "contoso"), s.ip()).await.status, StatusCode::FORBIDDEN);

        let made = ada.send(Method::POST, "/v1/sites", json!({"id": "contoso", "origins": ["https://shop.contoso.example"], "retention_days": 90})).await;
        assert_eq!(made.status, StatusCode::CREATED, "{}", made.text);
        assert_eq!(made.body, json!({"id": "contoso", "origins": ["https://shop.contoso.example"], "retention_days": 90, "created_at": T0, "file": null, "published": null}));
        let posted = s.send(post("https://shop.contoso.example", "contoso"), s.ip()).await;
        assert_eq!(posted.status, StatusCode::CREATED, "{}", posted.text);
        assert_eq!(posted.headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://shop.contoso.example");

        assert_eq!(ada.send(Method::POST, "/v1/sites", json!({"id": "contoso", "origins": []})).await.status, StatusCode::CONFLICT);
        assert_eq!(ada.send(Method::POST, "/v1/sites", json!({"id": "northwind", "origins": []})).await.status, StatusCode::CONFLICT, "the file has it");
        let bad = ada.send(Method::POST, "/v1/sites", json!({"id": "Bad", "origins": ["ftp://x", "https://ok.example"], "retention_days": 0})).await;
        let paths: Vec<&str> = bad.body["fields"].as_array().unwrap().iter().map(|f| f["path"].as_str().unwrap()).collect();
        assert_eq!(paths, ["id", "origins[0]", "retention_days"], "{}", bad.text);

        // The file's site edited in Studio: the database's origins join the file's.
        let edited = ada.send(Method::PUT, "/v1/sites/northwind", json!({"origins": ["https://shop.northwind.example"], "retention_days": 10})).await;
        assert_eq!(edited.status, StatusCode::OK, "{}", edited.text);
        assert_eq!(edited.body["file"], json!({"origins": ["https://www.northwind.example"], "retention_days": 30}));
        assert_eq!(edited.body["origins"], json!(["https://shop.northwind.example"]));
        for origin in ["https://www.northwind.example", "https://shop.northwind.example"] {
            assert!(s.state.sites.allows("northwind", origin), "{origin}");
        }
        assert_eq!(s.state.sites.retention().get("northwind"), Some(&10), "the shorter retention of the two");
        let listed = ada.get("/v1/sites").await;
        let ids: Vec<&str> = listed.body["sites"].as_array().unwrap().iter().map(|s| s["id"].as_str().unwrap()).collect();
        assert_eq!(ids, ["contoso", "northwind"]);
        assert_eq!(ada.send(Method::PUT, "/v1/sites/nowhere", json!({"origins": []})).await.status, StatusCode::NOT_FOUND);
    }
}

on_both! {
    /// Keys made and revoked in Studio by an admin.
    async fn admins_make_and_revoke_keys(db) {
        let s = Studio::new(db).await;
        s.user("ada@northwind.example", Role::Admin, None).await;
        let ada = s.sign_in("ada@northwind.example").await;
        ada.send(Method::POST, "/v1/sites", json!({"id": "northwind", "origins": []})).await;
        let bad = ada.send(Method::POST, "/v1/keys", json!({"site": "northwind", "scope": "write"})).await;
        assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(bad.body["fields"][0]["path"], "scope");
        let made = ada.send(Method::POST, "/v1/keys", json!({"site": "northwind", "scope": "read"})).await;
        let (id, key) = (made.body["id"].as_str().unwrap().to_owned(), made.body["key"].as_str().unwrap().to_owned());
        assert_eq!(s.with_key(&key, "/v1/responses?site=northwind").await.status, StatusCode::OK);
        let listed = ada.get("/v1/keys").await;
        assert_eq!(listed.body["keys"][0]["last_used_at"], T0);
        assert_eq!(ada.send(Method::DELETE, &format!("/v1/keys/{id}"), Value::Null).await.status, StatusCode::NO_CONTENT);
        assert_eq!(s.with_key(&key, "/v1/responses?site=northwind").await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(ada.send(Method::DELETE, &format!("/v1/keys/{id}"), Value::Null).await.status, StatusCode::NOT_FOUND);
    }
}

on_both! {
    /// Eight publishes from one base at the same moment, through two collectors on one
    /// database (two pools, or two SQLite writers on one file): exactly one becomes version 2,
    /// the other seven are conflicts naming it, and no version is lost or doubled.
    async fn simultaneous_publishes_from_one_base_make_one_version(db) {
        let s = Studio::new(db).await;
        let other = AppState::new(s._db.open().await);
        s.user("ada@northwind.example", Role::Editor, None).await;
        s.state.db.put_site(touchpoint_collector::db::SiteRow { id: "northwind".into(), origins: vec![], retention_days: None, created_at: T0 }).await.unwrap();
        let ada = s.sign_in("ada@northwind.example").await;
        let first = ada.send(Method::POST, "/v1/sites/northwind/versions", json!({"document": config_with(|_| {}), "base_version": null})).await;
        assert_eq!(first.status, StatusCode::CREATED);
        let tasks: Vec<_> = (0..8)
            .map(|n| {
                let state = if n % 2 == 0 { s.state.clone() } else { other.clone() };
                let doc = config_with(|d| d["channels"][0]["label"] = json!(format!("Chat {n}")));
                let req = ada
                    .request(Method::POST, "/v1/sites/northwind/versions")
                    .header(header::ORIGIN, OWN)
                    .header("x-csrf-token", &ada.csrf)
                    .body(Body::from(json!({"document": doc, "base_version": 1}).to_string()))
                    .unwrap();
                tokio::spawn(async move { app(state).oneshot(req).await.unwrap().status() })
            })
            .collect();
        let mut statuses = Vec::new();
        for task in tasks {
            statuses.push(task.await.unwrap());
        }
        assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CREATED).count(), 1, "{statuses:?}");
        assert_eq!(statuses.iter().filter(|s| **s == StatusCode::CONFLICT).count(), 7, "{statuses:?}");
        let versions = s.state.db.versions("northwind").await.unwrap();
        assert_eq!(versions.iter().map(|v| v.version).collect::<Vec<_>>(), [2, 1]);
    }
}
