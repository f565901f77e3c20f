//! The collector under abuse: CORS allowlist per site, rate limits with
//! `Retry-After`, the honeypot, and the body limit on both sides of the line.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::net::SocketAddr;

use axum::body::Body;
use axum::extract::ConnectInfo;
use axum::http::{Request, StatusCode, header};
use serde_json::{Value, json};
use support::Collector;
use touchpoint_collector::api::BODY_LIMIT;
use touchpoint_collector::sites::Sites;

fn body(n: u32, site: &str) -> String {
    json!({
        "v": 1, "id": format!("00000000-0000-4000-8000-{n:012}"), "site": site, "touchpoint": "help-panel",
        "created_at": 1_795_000_000_000_i64, "answers": [{"kind": "csat", "question": "csat", "value": 5}]
    })
    .to_string()
}

fn post(body: impl Into<Body>, origin: Option<&str>, ip: [u8; 4]) -> Request<Body> {
    let mut req = Request::post("/v1/submissions").header(header::HOST, "cx.northwind.example");
    if let Some(o) = origin {
        req = req.header(header::ORIGIN, o);
    }
    let mut req = req.header(header::CONTENT_TYPE, "text/plain;charset=UTF-8").body(body.into()).unwrap();
    req.extensions_mut().insert(ConnectInfo(SocketAddr::from((ip, 40_000))));
    req
}

async fn send(collector: &Collector, req: Request<Body>) -> (StatusCode, axum::http::HeaderMap, Value) {
    let reply = collector.send(req).await;
    (reply.status, reply.headers, reply.body)
}

const SITES: &str = r#"{"sites": {"northwind": {"origins": ["https://shop.northwind.example"]}}}"#;

#[tokio::test]
async fn an_allowed_origin_may_post_and_is_told_so_by_cors() {
    let s = Collector::with_sites(SITES);
    let (status, headers, _) =
        send(&s, post(body(1, "northwind"), Some("https://shop.northwind.example"), [10, 0, 0, 1])).await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://shop.northwind.example");
}

#[tokio::test]
async fn an_unlisted_origin_is_refused_and_gets_no_cors_grant() {
    let s = Collector::with_sites(SITES);
    let (status, headers, body_json) =
        send(&s, post(body(1, "northwind"), Some("https://evil.example"), [10, 0, 0, 1])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
    assert_eq!(body_json["error"], "origin https://evil.example may not post for site northwind");
    assert_eq!(s.state.db.list("northwind", 10).unwrap().len(), 0);
}

#[tokio::test]
async fn an_origin_allowed_for_one_site_cannot_post_for_another() {
    let s = Collector::with_sites(SITES);
    let (status, ..) = send(&s, post(body(1, "contoso"), Some("https://shop.northwind.example"), [10, 0, 0, 1])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn same_origin_pages_and_non_browser_clients_may_post() {
    let s = Collector::with_sites("{}");
    assert_eq!(
        send(&s, post(body(1, "northwind"), Some("http://cx.northwind.example"), [10, 0, 0, 1])).await.0,
        StatusCode::CREATED
    );
    assert_eq!(send(&s, post(body(2, "northwind"), None, [10, 0, 0, 1])).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn a_preflight_is_granted_only_to_known_origins() {
    let s = Collector::with_sites(SITES);
    let preflight = |origin: &str| {
        Request::options("/v1/submissions")
            .header(header::ORIGIN, origin)
            .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
            .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "content-type")
            .body(Body::empty())
            .unwrap()
    };
    let (_, headers, _) = send(&s, preflight("https://shop.northwind.example")).await;
    assert_eq!(headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://shop.northwind.example");
    let (_, headers, _) = send(&s, preflight("https://evil.example")).await;
    assert!(headers.get(header::ACCESS_CONTROL_ALLOW_ORIGIN).is_none());
}

#[tokio::test]
async fn a_client_over_its_rate_gets_429_with_retry_after_and_others_are_unaffected() {
    let s = Collector::with_sites(r#"{"rate_limits": {"per_ip": {"per_minute": 6, "burst": 3}}}"#);
    for n in 0..3 {
        assert_eq!(send(&s, post(body(n, "northwind"), None, [10, 0, 0, 1])).await.0, StatusCode::CREATED);
    }
    let (status, headers, body_json) = send(&s, post(body(3, "northwind"), None, [10, 0, 0, 1])).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    let retry_after: u64 = headers[header::RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!((1..=10).contains(&retry_after), "one token per 10 s: {retry_after}");
    assert!(body_json["error"].as_str().unwrap().starts_with("too many requests"));
    assert_eq!(send(&s, post(body(4, "northwind"), None, [10, 0, 0, 2])).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn a_site_over_its_rate_gets_429_whatever_the_client() {
    let s = Collector::with_sites(r#"{"rate_limits": {"per_site": {"per_minute": 60, "burst": 2}}}"#);
    for n in 0..2 {
        assert_eq!(send(&s, post(body(n, "northwind"), None, [10, 0, 1, n as u8])).await.0, StatusCode::CREATED);
    }
    let (status, headers, _) = send(&s, post(body(9, "northwind"), None, [10, 0, 2, 9])).await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(headers[header::RETRY_AFTER], "1");
    assert_eq!(send(&s, post(body(10, "contoso"), None, [10, 0, 2, 9])).await.0, StatusCode::CREATED);
}

#[tokio::test]
async fn the_body_limit_accepts_one_byte_under_and_refuses_one_byte_over() {
    let s = Collector::with_sites("{}");
    let padded = |len: usize| {
        let mut text = body(1, "northwind");
        text.push_str(&" ".repeat(len - text.len()));
        text
    };
    assert_eq!(send(&s, post(padded(BODY_LIMIT - 1), None, [10, 0, 0, 1])).await.0, StatusCode::CREATED);
    let (status, _, body_json) = send(&s, post(padded(BODY_LIMIT + 1), None, [10, 0, 0, 1])).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);
    assert_eq!(body_json["error"], "body exceeds 65536 bytes");
}

#[tokio::test]
async fn a_filled_honeypot_is_refused_and_stores_nothing_while_the_same_form_without_it_is_stored() {
    let s = Collector::with_sites(SITES);
    let origin = Some("https://shop.northwind.example");
    let mut bot: Value = serde_json::from_str(&body(1, "northwind")).unwrap();
    bot["website"] = json!("https://cheap-pills.example");
    let (status, _, answer) = send(&s, post(bot.to_string(), origin, [10, 0, 0, 1])).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(answer["error"], "submission refused", "and not why");
    assert!(s.state.db.list("northwind", 10).unwrap().is_empty(), "nothing stored");

    let (status, _, _) = send(&s, post(body(1, "northwind"), origin, [10, 0, 0, 1])).await;
    assert_eq!(status, StatusCode::CREATED, "a person's submission with the same id is still welcome");
}

#[test]
fn the_collector_configuration_names_every_bad_field() {
    let err = Sites::from_json(
        r#"{"sites": {"North": {"origins": ["https://a.example/"]}, "ok": {"origins": ["ftp://x", "https://b.example"]}},
            "rate_limits": {"per_ip": {"per_minute": 0, "burst": 5}}, "extra": 1}"#,
    )
    .unwrap_err();
    let lines: Vec<String> = err.0.iter().map(ToString::to_string).collect();
    assert_eq!(
        lines,
        [
            "extra: unknown field (expected one of: sites, rate_limits)",
            "sites.North: site ids are 1-64 characters of a-z, 0-9, - or _",
            "sites.ok.origins[0]: `ftp://x` is not an origin such as https://shop.example (scheme and host, no path)",
            "rate_limits.per_ip.per_minute: must be between 1 and 10000000, found 0",
        ]
    );
}
