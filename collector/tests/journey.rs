//! A touchpoint submission as the widget builds it (`touchpoint_core::submit`, with
//! the real scorer and masker) goes through the real router into SQLite, and the
//! listing gives back every field: stage, touchpoint score, text sentiment, the
//! journey score with its parts, and a follow-up's promised against reported outcome.
#![allow(clippy::unwrap_used, reason = "a test should fail loudly on anything unexpected")]

mod support;

use std::collections::BTreeMap;

use axum::body::Body;
use axum::http::{Request, StatusCode};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use touchpoint_collector::{AppState, app};
use touchpoint_core::answers::Given;
use touchpoint_core::recontact::{Decision, offer_follow_up};
use touchpoint_core::submit::{Draft, submit};
use touchpoint_core::wire::ReplyOutcome;
use touchpoint_core::{Config, History, Submission, journey, mask};
use tower::ServiceExt;

const JOURNEY: &str = "7d0c1c2e-51a4-4c1e-8f3b-2b1d2a9c0e11";
const T0: i64 = 1_795_000_000_000;
const HOUR: i64 = 3_600_000;

async fn call(state: &AppState, req: Request<Body>) -> (StatusCode, Value) {
    let res = app(state.clone()).oneshot(req).await.unwrap();
    let status = res.status();
    let bytes = res.into_body().collect().await.unwrap().to_bytes();
    (status, serde_json::from_slice(&bytes).unwrap())
}

fn draft(id: &str, touchpoint: &str, at: i64, given: &[(&str, Given)]) -> Draft {
    Draft {
        id: id.into(),
        touchpoint: touchpoint.into(),
        created_at: at,
        given: given.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect(),
        contact: None,
        honeypot: String::new(),
    }
}

/// As the widget does it: the submission, with its answer recorded in the history.
fn build(config: &Config, history: &mut History, draft: Draft) -> Submission {
    let (submission, answered) = submit(
        config,
        history,
        draft,
        |t| journey::text_sentiment(t, Some("en"), None),
        |t| mask::mask(t).into_owned(),
    )
    .unwrap();
    history.record(answered);
    submission
}

on_both! {
    async fn a_follow_up_submission_reads_back_with_its_journey_sentiment_and_promise(db) {
        let state = AppState::new(db.open().await);
    let config = Config::from_json(include_str!("../../docs/examples/touchpoints.json")).unwrap();

    // A visitor bought something, wrote to us by e-mail, and comes back after the promised reply-by.
    let mut history = History::new(JOURNEY.into());
    let effort = [("effort", Given::Rating(6))];
    let checkout = build(&config, &mut history, draft("0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b01", "checkout", T0, &effort));
    history.contacted("email", Some("billing"), T0 + HOUR, T0 + 26 * HOUR);
    let now = T0 + 30 * HOUR;
    let (decision, touchpoint, contact) =
        offer_follow_up(&mut history, &config.recontact, &config.touchpoints, now, now, 0.5).unwrap();
    assert_eq!((decision, touchpoint.id.as_str()), (Decision::Show, "reply-check"));
    let given = [("reply", Given::Reply(ReplyOutcome::Late)), ("csat", Given::Rating(2))];
    let mut follow_up = draft("0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b02", "reply-check", now, &given);
    follow_up.contact = Some(contact);
    let reply = build(&config, &mut history, follow_up);

    // The panel, answered with a comment that needs masking.
    let given =
        [("csat", Given::Rating(1)), ("wrong", Given::Text("Still no answer, write to me at kari@example.com".into()))];
    let panel =
        build(&config, &mut history, draft("0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b03", "help-panel", now + 1, &given));

    for s in [&checkout, &reply, &panel] {
        let req = Request::post("/v1/submissions").body(Body::from(s.to_json())).unwrap();
        assert_eq!(call(&state, req).await.0, StatusCode::CREATED);
    }
    let key = format!("Bearer {}", support::read_key(&state.db, "northwind").await);
    let listing = Request::get("/v1/responses?site=northwind").header("authorization", &key);
    let (status, listed) = call(&state, listing.body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    let rows: BTreeMap<String, Value> = listed["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| (row["touchpoint"].as_str().unwrap().to_owned(), row.clone()))
        .collect();

    // Every field the widget sent comes back as sent (the listing adds `received_at`).
    for sent in [&checkout, &reply, &panel] {
        let mut row = rows[&sent.touchpoint].clone();
        assert!(row.as_object_mut().unwrap().remove("received_at").is_some());
        assert_eq!(row, serde_json::to_value(sent).unwrap(), "{}", sent.touchpoint);
    }

    let row = &rows["reply-check"];
    assert_eq!(row["stage"], "get_help");
    assert_eq!(
        row["follow_up"],
        json!({"channel": "email", "topic": "billing", "contacted_at": T0 + HOUR, "promised_by": T0 + 26 * HOUR, "outcome": "late"})
    );
    assert_eq!(
        row["answers"],
        json!([{"kind": "csat", "question": "csat", "value": 2}]),
        "the reply travels in follow_up"
    );
    assert_eq!(row["score"], -0.5);
    let journey = &row["journey"];
    assert_eq!((journey["id"].as_str(), journey["count"].as_u64()), (Some(JOURNEY), Some(2)));
    assert_eq!(journey["moved_most"], "reply-check");
    assert!(journey["trend"].as_f64().unwrap() < 0.0, "a late reply pulls the journey down: {journey}");
    for part in ["score", "trend", "moved_by"] {
        assert!(journey[part].is_number(), "journey.{part}: {journey}");
    }

    let row = &rows["help-panel"];
    assert_eq!(row["answers"][1]["text"], "Still no answer, write to me at [email]");
    assert_eq!(row["sentiment"]["label"], "negative");
    assert!(row["sentiment"]["compound"].as_f64().unwrap() < -0.05);
    assert_eq!(row["journey"]["count"], 3);
    assert!(row["journey"]["score"].as_f64().unwrap() < rows["reply-check"]["journey"]["score"].as_f64().unwrap());
    }
}

on_both! {
    async fn promises_sum_up_per_channel_what_follow_ups_reported(db) {
        let state = AppState::new(db.open().await);
    let config = Config::from_json(include_str!("../../docs/examples/touchpoints.json")).unwrap();
    // (visitor, channel, what they reported, their CSAT)
    let visits = [
        (1, "email", ReplyOutcome::OnTime, 5),
        (2, "email", ReplyOutcome::Late, 2),
        (3, "email", ReplyOutcome::NoReply, 1),
        (4, "email", ReplyOutcome::OnTime, 4),
        (5, "chat", ReplyOutcome::OnTime, 5),
    ];
    for (n, channel, outcome, csat) in visits {
        let mut history = History::new(format!("7d0c1c2e-51a4-4c1e-8f3b-2b1d2a9c0e{n:02}"));
        history.contacted(channel, None, T0, T0 + HOUR);
        let now = T0 + 2 * HOUR;
        let (_, _, contact) =
            offer_follow_up(&mut history, &config.recontact, &config.touchpoints, now, now, 0.5).unwrap();
        let given = [("reply", Given::Reply(outcome)), ("csat", Given::Rating(csat))];
        let mut answer = draft(&format!("0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b{n:02}"), "reply-check", now, &given);
        answer.contact = Some(contact);
        let body = build(&config, &mut history, answer).to_json();
        assert_eq!(
            call(&state, Request::post("/v1/submissions").body(Body::from(body)).unwrap()).await.0,
            StatusCode::CREATED
        );
    }
    // A submission that is not a follow-up counts for no channel.
    let panel = build(
        &config,
        &mut History::new(JOURNEY.into()),
        draft("0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b99", "help-panel", T0, &[("csat", Given::Rating(3))]),
    );
    assert_eq!(
        call(&state, Request::post("/v1/submissions").body(Body::from(panel.to_json())).unwrap()).await.0,
        StatusCode::CREATED
    );

    let key = format!("Bearer {}", support::read_key(&state.db, "northwind").await);
    let promises = Request::get("/v1/promises?site=northwind").header("authorization", &key);
    let (status, summary) = call(&state, promises.body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        summary,
        json!({"site": "northwind", "channels": [
            {"channel": "chat", "asked": 1, "on_time": 1, "late": 0, "no_reply": 0, "kept": 1.0, "mean_score": 1.0},
            // CSAT 5, 2, 1, 4 score 1, -0.5, -1, 0.5 (docs/journey.md)
            {"channel": "email", "asked": 4, "on_time": 2, "late": 1, "no_reply": 1, "kept": 0.5, "mean_score": 0.0},
        ]})
    );
    let (status, _) = call(&state, Request::get("/v1/promises").header("authorization", &key).body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "the site is required");
    }
}
