//! Availability against the real IANA database: each table row is one situation a
//! marketer's schedule meets, written in the channel's local time, with the instants the
//! visitor must be told. Instants in failure messages are printed in UTC.

// Helpers outside #[test] functions panic on purpose: a panic is how a test reports.
#![allow(clippy::unwrap_used)]

#[path = "support/jiff_offsets.rs"]
mod jiff_offsets;

use jiff::Timestamp;
use jiff_offsets::JiffOffsets;
use serde_json::{Value, json};
use touchpoint_core::Config;
use touchpoint_core::availability::{
    Availability, Instant, LiveStatus, OffsetProvider, PromiseLine, StatusLine, Timetable, availability, directory,
};
use touchpoint_core::config::Channel;

fn instant(text: &str) -> Instant {
    Instant(text.parse::<Timestamp>().unwrap_or_else(|e| panic!("{text}: {e}")).as_second())
}

fn utc(i: Option<Instant>) -> Option<String> {
    i.map(|i| Timestamp::from_second(i.unix()).unwrap().to_string())
}

fn config(channels: Vec<Value>) -> Config {
    Config::from_value(&json!({
        "site": "northwind",
        "endpoint": "/v1/submissions",
        "topics": [{"id": "billing", "label": "Billing"}, {"id": "orders", "label": "Orders"}],
        "channels": channels,
        "feedback": {"id": "f", "questions": [{"id": "csat", "kind": "csat", "prompt": "How did we do?"}]}
    }))
    .unwrap_or_else(|e| panic!("{e}"))
}

/// A chat channel with `hours` (null: none) and an optional promise (duration, clock).
fn channel(hours: &Value, promise: Option<(&str, &str)>) -> Channel {
    let mut c = json!({"id": "c", "kind": "chat", "label": "Chat", "href": "https://example.com/chat", "hours": hours});
    if let Some((duration, clock)) = promise {
        c["response_time"] = json!(duration);
        c["response_time_in"] = json!(clock);
    }
    config(vec![c]).channels.remove(0)
}

fn weekdays(zone: &str, intervals: &[&str]) -> Value {
    json!({"time_zone": zone, "weekly": {"mon": intervals, "tue": intervals, "wed": intervals, "thu": intervals, "fri": intervals}})
}

fn every_day(zone: &str, intervals: &[&str]) -> Value {
    let days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    json!({"time_zone": zone, "weekly": days.iter().map(|d| (d.to_string(), json!(intervals))).collect::<serde_json::Map<_, _>>()})
}

fn on(zone: &str, day: &str, intervals: &[&str]) -> Value {
    json!({"time_zone": zone, "weekly": {day: intervals}})
}

fn with(mut hours: Value, key: &str, value: Value) -> Value {
    hours[key] = value;
    hours
}

/// One situation: the hours, the instant, and open / next opening / next closing.
struct Status {
    what: &'static str,
    hours: Value,
    at: &'static str,
    open: bool,
    next_open: Option<&'static str>,
    next_close: Option<&'static str>,
}

#[test]
fn open_now_next_opening_and_next_closing() {
    let oslo_office = weekdays("Europe/Oslo", &["09:00-17:00"]);
    let cases = [
        Status {
            what: "Oslo office on the Friday before spring-forward: reopens Monday in summer time",
            hours: oslo_office.clone(),
            at: "2025-03-28T16:00+01:00",
            open: true,
            next_open: Some("2025-03-31T09:00+02:00"),
            next_close: Some("2025-03-28T17:00+01:00"),
        },
        Status {
            what: "Oslo night shift on spring-forward night closes when the clock says 06:00",
            hours: every_day("Europe/Oslo", &["22:00-06:00"]),
            at: "2025-03-29T23:00+01:00",
            open: true,
            next_open: Some("2025-03-30T22:00+02:00"),
            next_close: Some("2025-03-30T06:00+02:00"),
        },
        Status {
            what: "Oslo night shift on fall-back night runs nine real hours",
            hours: every_day("Europe/Oslo", &["22:00-06:00"]),
            at: "2025-10-25T22:00+02:00",
            open: true,
            next_open: Some("2025-10-26T22:00+01:00"),
            next_close: Some("2025-10-26T06:00+01:00"),
        },
        Status {
            what: "Oslo opening time skipped by spring-forward opens when the clocks jump",
            hours: on("Europe/Oslo", "sun", &["02:30-04:00"]),
            at: "2025-03-30T00:00+01:00",
            open: false,
            next_open: Some("2025-03-30T03:00+02:00"),
            next_close: Some("2025-03-30T04:00+02:00"),
        },
        Status {
            what: "Oslo hours in the repeated fall-back hour happen the first time only",
            hours: on("Europe/Oslo", "sun", &["02:00-02:30"]),
            at: "2025-10-26T02:15+01:00",
            open: false,
            next_open: Some("2025-11-02T02:00+01:00"),
            next_close: Some("2025-11-02T02:30+01:00"),
        },
        Status {
            what: "New York Saturday hours before spring-forward: Monday in daylight time",
            hours: with(weekdays("America/New_York", &["09:00-17:00"]), "weekly", {
                let mut w = weekdays("America/New_York", &["09:00-17:00"])["weekly"].clone();
                w["sat"] = json!(["10:00-14:00"]);
                w
            }),
            at: "2025-03-08T13:00-05:00",
            open: true,
            next_open: Some("2025-03-10T09:00-04:00"),
            next_close: Some("2025-03-08T14:00-05:00"),
        },
        Status {
            what: "New York overnight shift across spring-forward lasts seven real hours",
            hours: on("America/New_York", "sat", &["22:00-06:00"]),
            at: "2025-03-08T23:00-05:00",
            open: true,
            next_open: Some("2025-03-15T22:00-04:00"),
            next_close: Some("2025-03-09T06:00-04:00"),
        },
        Status {
            what: "New York overnight shift across fall-back: open in both 01:30s",
            hours: on("America/New_York", "sat", &["20:00-04:00"]),
            at: "2025-11-02T01:30-05:00",
            open: true,
            next_open: Some("2025-11-08T20:00-05:00"),
            next_close: Some("2025-11-02T04:00-05:00"),
        },
        Status {
            what: "New York overnight shift across fall-back, first 01:30",
            hours: on("America/New_York", "sat", &["20:00-04:00"]),
            at: "2025-11-02T01:30-04:00",
            open: true,
            next_open: Some("2025-11-08T20:00-05:00"),
            next_close: Some("2025-11-02T04:00-05:00"),
        },
        Status {
            what: "Kolkata's half-hour offset, before opening",
            hours: weekdays("Asia/Kolkata", &["09:30-18:00"]),
            at: "2025-06-02T03:00Z",
            open: false,
            next_open: Some("2025-06-02T04:00Z"),
            next_close: Some("2025-06-02T12:30Z"),
        },
        Status {
            what: "Lord Howe's half-hour spring-forward: opening in the gap happens at the jump",
            hours: on("Australia/Lord_Howe", "sun", &["02:10-03:00"]),
            at: "2025-10-05T01:00+10:30",
            open: false,
            next_open: Some("2025-10-05T02:30+11:00"),
            next_close: Some("2025-10-05T03:00+11:00"),
        },
        Status {
            what: "Lord Howe's half-hour fall-back: open through the repeated half hour",
            hours: on("Australia/Lord_Howe", "sun", &["01:45-03:00"]),
            at: "2025-04-06T01:50+10:30",
            open: true,
            next_open: Some("2025-04-13T01:45+10:30"),
            next_close: Some("2025-04-06T03:00+10:30"),
        },
        Status {
            what: "overnight shift still open after midnight",
            hours: on("UTC", "fri", &["22:00-06:00"]),
            at: "2025-06-07T03:00Z",
            open: true,
            next_open: Some("2025-06-13T22:00Z"),
            next_close: Some("2025-06-07T06:00Z"),
        },
        Status {
            what: "24:00 and next day's 00:00 make one stretch",
            hours: json!({"time_zone": "Europe/Oslo", "weekly": {"mon": ["18:00-24:00"], "tue": ["00:00-02:00"]}}),
            at: "2025-06-02T23:00+02:00",
            open: true,
            next_open: Some("2025-06-09T18:00+02:00"),
            next_close: Some("2025-06-03T02:00+02:00"),
        },
        Status {
            what: "lunch break between two intervals",
            hours: weekdays("Europe/Oslo", &["09:00-12:00", "13:00-17:00"]),
            at: "2025-06-02T12:30+02:00",
            open: false,
            next_open: Some("2025-06-02T13:00+02:00"),
            next_close: Some("2025-06-02T17:00+02:00"),
        },
        Status {
            what: "a holiday on a Friday: closed until Monday",
            hours: with(oslo_office.clone(), "closed", json!([{"date": "2025-12-26", "label": "Boxing Day"}])),
            at: "2025-12-25T16:00+01:00",
            open: true,
            next_open: Some("2025-12-29T09:00+01:00"),
            next_close: Some("2025-12-25T17:00+01:00"),
        },
        Status {
            what: "special hours on Christmas Eve close early",
            hours: with(oslo_office, "special", json!([{"date": "2025-12-24", "hours": ["09:00-13:00"]}])),
            at: "2025-12-24T12:00+01:00",
            open: true,
            next_open: Some("2025-12-25T09:00+01:00"),
            next_close: Some("2025-12-24T13:00+01:00"),
        },
        Status {
            what: "a closure cancels the night shift starting that day, not the one from the day before",
            hours: with(every_day("Europe/Oslo", &["22:00-06:00"]), "closed", json!([{"date": "2025-12-25"}])),
            at: "2025-12-25T03:00+01:00",
            open: true,
            next_open: Some("2025-12-26T22:00+01:00"),
            next_close: Some("2025-12-25T06:00+01:00"),
        },
        Status {
            what: "24/7 with a Christmas closure closes at midnight",
            hours: json!({"time_zone": "Europe/Oslo", "weekly": "24/7", "closed": [{"date": "2025-12-25"}]}),
            at: "2025-12-24T12:00+01:00",
            open: true,
            next_open: Some("2025-12-26T00:00+01:00"),
            next_close: Some("2025-12-25T00:00+01:00"),
        },
        Status {
            what: "24/7 never closes",
            hours: json!("24/7"),
            at: "2025-12-24T12:00+01:00",
            open: true,
            next_open: None,
            next_close: None,
        },
        Status {
            what: "no hours: always open",
            hours: Value::Null,
            at: "2025-12-24T12:00+01:00",
            open: true,
            next_open: None,
            next_close: None,
        },
        Status {
            what: "a week without hours never opens",
            hours: json!({"time_zone": "UTC", "weekly": {}}),
            at: "2025-12-24T12:00Z",
            open: false,
            next_open: None,
            next_close: None,
        },
    ];
    for case in cases {
        let a = availability(&channel(&case.hours, None), instant(case.at), &JiffOffsets).unwrap();
        assert_eq!(a.open, case.open, "{}: open", case.what);
        assert_eq!(
            utc(a.next_open),
            case.next_open.map(|t| utc(Some(instant(t))).unwrap()),
            "{}: next open",
            case.what
        );
        assert_eq!(
            utc(a.next_close),
            case.next_close.map(|t| utc(Some(instant(t))).unwrap()),
            "{}: next close",
            case.what
        );
    }
}

/// One promise: the hours, the promise and its clock, the instant, the reply-by.
struct Promise {
    what: &'static str,
    hours: Value,
    promise: (&'static str, &'static str),
    at: &'static str,
    reply_by: Option<&'static str>,
}

#[test]
fn reply_by_adds_business_time_across_closed_stretches() {
    let oslo_office = weekdays("Europe/Oslo", &["09:00-17:00"]);
    let cases = [
        Promise {
            what: "four business hours from Friday 16:00 land on Monday, across spring-forward",
            hours: oslo_office.clone(),
            promise: ("PT4H", "business"),
            at: "2025-03-28T16:00+01:00",
            reply_by: Some("2025-03-31T12:00+02:00"),
        },
        Promise {
            what: "the short spring-forward night shift leaves the rest for Sunday night",
            hours: every_day("Europe/Oslo", &["22:00-06:00"]),
            promise: ("PT6H30M", "business"),
            at: "2025-03-29T23:00+01:00",
            reply_by: Some("2025-03-30T22:30+02:00"),
        },
        Promise {
            what: "the long fall-back night shift fits nine hours",
            hours: every_day("Europe/Oslo", &["22:00-06:00"]),
            promise: ("PT9H", "business"),
            at: "2025-10-25T22:00+02:00",
            reply_by: Some("2025-10-26T06:00+01:00"),
        },
        Promise {
            what: "New York overnight shift across spring-forward fits exactly seven hours",
            hours: on("America/New_York", "sat", &["22:00-06:00"]),
            promise: ("PT7H", "business"),
            at: "2025-03-08T22:00-05:00",
            reply_by: Some("2025-03-09T06:00-04:00"),
        },
        Promise {
            what: "New York overnight shift across spring-forward: half an hour more waits a week",
            hours: on("America/New_York", "sat", &["22:00-06:00"]),
            promise: ("PT7H30M", "business"),
            at: "2025-03-08T22:00-05:00",
            reply_by: Some("2025-03-15T22:30-04:00"),
        },
        Promise {
            what: "New York weekday office, Friday afternoon before fall-back",
            hours: weekdays("America/New_York", &["09:00-17:00"]),
            promise: ("PT2H", "business"),
            at: "2025-10-31T16:00-04:00",
            reply_by: Some("2025-11-03T10:00-05:00"),
        },
        Promise {
            what: "Lord Howe's shortened fall-back Sunday holds 1h45m",
            hours: on("Australia/Lord_Howe", "sun", &["01:45-03:00"]),
            promise: ("PT1H45M", "business"),
            at: "2025-04-06T01:45+11:00",
            reply_by: Some("2025-04-06T03:00+10:30"),
        },
        Promise {
            what: "Lord Howe: a quarter of an hour more spills into next Sunday",
            hours: on("Australia/Lord_Howe", "sun", &["01:45-03:00"]),
            promise: ("PT2H", "business"),
            at: "2025-04-06T01:45+11:00",
            reply_by: Some("2025-04-13T02:00+10:30"),
        },
        Promise {
            what: "Kolkata, over the lunch-less day into the next",
            hours: weekdays("Asia/Kolkata", &["09:30-18:00"]),
            promise: ("PT4H", "business"),
            at: "2025-06-02T16:00+05:30",
            reply_by: Some("2025-06-03T11:30+05:30"),
        },
        Promise {
            what: "a lunch break does not count",
            hours: weekdays("Europe/Oslo", &["09:00-12:00", "13:00-17:00"]),
            promise: ("PT3H30M", "business"),
            at: "2025-06-02T10:00+02:00",
            reply_by: Some("2025-06-02T14:30+02:00"),
        },
        Promise {
            what: "a holiday on a Friday before a weekend pushes the reply to Monday",
            hours: with(oslo_office.clone(), "closed", json!([{"date": "2025-12-26"}])),
            promise: ("PT4H", "business"),
            at: "2025-12-25T16:00+01:00",
            reply_by: Some("2025-12-29T12:00+01:00"),
        },
        Promise {
            what: "a promise spanning the multi-day Christmas closure",
            hours: with(oslo_office.clone(), "closed", json!([{"from": "2025-12-24", "to": "2026-01-01"}])),
            promise: ("P1D", "business"),
            at: "2025-12-23T15:00+01:00",
            reply_by: Some("2026-01-06T15:00+01:00"),
        },
        Promise {
            what: "24/7 hours with a Christmas closure skip the day",
            hours: json!({"time_zone": "Europe/Oslo", "weekly": "24/7", "closed": [{"date": "2025-12-25"}]}),
            promise: ("PT24H", "business"),
            at: "2025-12-24T12:00+01:00",
            reply_by: Some("2025-12-26T12:00+01:00"),
        },
        Promise {
            what: "zero business time while closed: the next opening",
            hours: oslo_office.clone(),
            promise: ("PT0S", "business"),
            at: "2025-06-07T10:00+02:00",
            reply_by: Some("2025-06-09T09:00+02:00"),
        },
        Promise {
            what: "a wall-clock promise ignores the hours",
            hours: oslo_office.clone(),
            promise: ("PT4H", "wall_clock"),
            at: "2025-06-07T10:00+02:00",
            reply_by: Some("2025-06-07T14:00+02:00"),
        },
        Promise {
            what: "a wall-clock day across spring-forward is 24 real hours",
            hours: oslo_office,
            promise: ("P1D", "wall_clock"),
            at: "2025-03-29T12:00+01:00",
            reply_by: Some("2025-03-30T13:00+02:00"),
        },
        Promise {
            what: "24/7: business time is all time",
            hours: json!("24/7"),
            promise: ("PT5M", "business"),
            at: "2025-06-07T10:00Z",
            reply_by: Some("2025-06-07T10:05Z"),
        },
        Promise {
            what: "no hours: business time is all time",
            hours: Value::Null,
            promise: ("P2D", "business"),
            at: "2025-06-07T10:00Z",
            reply_by: Some("2025-06-09T10:00Z"),
        },
        Promise {
            what: "a channel that never opens cannot promise",
            hours: json!({"time_zone": "UTC", "weekly": {}}),
            promise: ("PT5M", "business"),
            at: "2025-06-07T10:00Z",
            reply_by: None,
        },
    ];
    for case in cases {
        let a = availability(&channel(&case.hours, Some(case.promise)), instant(case.at), &JiffOffsets).unwrap();
        assert_eq!(utc(a.reply_by), case.reply_by.map(|t| utc(Some(instant(t))).unwrap()), "{}", case.what);
    }
}

#[test]
fn a_channel_without_a_promise_has_no_reply_by() {
    let a = availability(&channel(&Value::Null, None), instant("2025-06-07T10:00Z"), &JiffOffsets).unwrap();
    assert_eq!(a, Availability { open: true, next_open: None, next_close: None, reply_by: None });
}

#[test]
fn an_unknown_zone_is_an_error_not_a_guess() {
    let c = channel(&on("Mars/Olympus_Mons", "mon", &["09:00-17:00"]), None);
    let err = availability(&c, instant("2025-06-07T10:00Z"), &JiffOffsets).unwrap_err();
    assert_eq!(err.to_string(), "unknown time zone `Mars/Olympus_Mons`");
}

/// Status and promise lines as the visitor reads them, in the visitor's own zone.
#[test]
fn status_and_promise_lines_speak_in_the_visitors_time_zone() {
    let office = weekdays("Europe/Oslo", &["09:00-17:00"]);
    let chat = channel(&office, Some(("PT5M", "business")));
    let email = channel(
        &with(office, "closed", json!([{"from": "2025-12-24", "to": "2026-01-01"}])),
        Some(("P1D", "business")),
    );
    let cases = [
        (&chat, "2025-06-07T12:00Z", "Europe/Oslo", "Closed · opens Mon 09:00", "Expect a reply by Mon 09:05"),
        (&chat, "2025-06-07T12:00Z", "America/New_York", "Closed · opens Mon 03:00", "Expect a reply by Mon 03:05"),
        (&chat, "2025-06-09T07:00+02:00", "Europe/Oslo", "Closed · opens 09:00", "Expect a reply by 09:05"),
        (&chat, "2025-06-09T10:00+02:00", "Asia/Kolkata", "Open now", "Typically replies in 5 min"),
        (&chat, "2025-06-09T16:30+02:00", "Europe/Oslo", "Open now · closes 17:00", "Typically replies in 5 min"),
        (&chat, "2025-06-09T16:58+02:00", "Europe/Oslo", "Open now · closes 17:00", "Expect a reply by Tue 09:03"),
        (&email, "2025-12-23T15:00+01:00", "Europe/Oslo", "Open now", "Expect a reply by Tue 6 Jan 15:00"),
        (&email, "2025-12-23T15:00+01:00", "Pacific/Auckland", "Open now", "Expect a reply by Wed 7 Jan 03:00"),
    ];
    for (channel, at, visitor, status, promise) in cases {
        let at = instant(at);
        let zone = JiffOffsets.zone(visitor).unwrap();
        let a = availability(channel, at, &JiffOffsets).unwrap();
        assert_eq!(StatusLine::new(&a, at, &zone, &JiffOffsets).to_string(), status, "{visitor} at {at:?}");
        let line = PromiseLine::new(&a, at, &zone, &JiffOffsets).map(|p| p.to_string());
        assert_eq!(line.as_deref(), Some(promise), "{visitor} at {at:?}");
    }
}

#[test]
fn the_directory_lists_a_topics_channels_open_first_fastest_reply_first() {
    let office = weekdays("Europe/Oslo", &["09:00-17:00"]);
    let config = config(vec![
        json!({"id": "phone", "kind": "phone", "label": "Phone", "href": "tel:+4722334455", "hours": office}),
        json!({"id": "email", "kind": "email", "label": "E-mail", "href": "mailto:help@example.com", "handles": ["billing"],
            "response_time": "PT4H", "response_time_in": "wall_clock"}),
        json!({"id": "chat", "kind": "chat", "label": "Chat", "href": "https://example.com/chat", "hours": office,
            "response_time": "PT5M", "handles": ["orders", "billing"]}),
        json!({"id": "night", "kind": "chat", "label": "Night chat", "href": "https://example.com/night",
            "hours": every_day("Europe/Oslo", &["22:00-06:00"]), "response_time": "PT10M", "hide_when_closed": true}),
        json!({"id": "form", "kind": "contact_form", "label": "Form", "href": "/contact", "handles": ["orders"],
            "hours": office, "response_time": "PT1H"}),
    ]);
    let ids = |topic: Option<&str>, at: &str, live: &dyn Fn(&str) -> Option<LiveStatus>| -> Vec<String> {
        directory(&config.channels, topic, instant(at), &JiffOffsets, live)
            .iter()
            .map(|l| {
                format!("{}{}", l.channel.id, if l.availability.as_ref().unwrap().open { "" } else { " (closed)" })
            })
            .collect()
    };
    let no_live = |_: &str| None;
    type Live<'a> = &'a dyn Fn(&str) -> Option<LiveStatus>;
    let cases: [(Option<&str>, &str, Live, &[&str]); 5] = [
        (Some("billing"), "2025-06-09T10:00+02:00", &no_live, &["chat", "email", "phone"]),
        (Some("orders"), "2025-06-09T10:00+02:00", &no_live, &["chat", "form", "phone"]),
        (Some("orders"), "2025-06-07T10:00+02:00", &no_live, &["chat (closed)", "form (closed)", "phone (closed)"]),
        (
            None,
            "2025-06-09T23:00+02:00",
            &no_live,
            &["night", "email", "chat (closed)", "form (closed)", "phone (closed)"],
        ),
        (
            None,
            "2025-06-09T10:00+02:00",
            &|id: &str| (id == "chat").then_some(LiveStatus { open: false, wait_seconds: None }),
            &["form", "email", "phone", "chat (closed)"],
        ),
    ];
    for (topic, at, live, expected) in cases {
        assert_eq!(ids(topic, at, live), expected, "{topic:?} at {at}");
    }
}

#[test]
fn business_time_is_counted_only_inside_normalised_spans() {
    let hours = with(
        weekdays("Europe/Oslo", &["09:00-12:00", "12:00-17:00"]),
        "special",
        json!([{"date": "2025-06-10", "hours": ["08:00-10:00", "16:00-18:00"]}]),
    );
    let c = channel(&hours, None);
    let table = Timetable::new(c.hours.as_ref(), &JiffOffsets).unwrap();
    let spans: Vec<(Option<String>, Option<String>)> =
        table.spans(instant("2025-06-09T10:00+02:00")).take(3).map(|s| (utc(Some(s.start)), utc(s.end))).collect();
    let expected = [
        ("2025-06-09T09:00+02:00", "2025-06-09T17:00+02:00"),
        ("2025-06-10T08:00+02:00", "2025-06-10T10:00+02:00"),
        ("2025-06-10T16:00+02:00", "2025-06-10T18:00+02:00"),
    ];
    let expected: Vec<_> = expected.iter().map(|(s, e)| (utc(Some(instant(s))), utc(Some(instant(e))))).collect();
    assert_eq!(spans, expected, "touching intervals merge; special hours replace the weekly ones");
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    const ZONES: [&str; 7] = [
        "Europe/Oslo",
        "America/New_York",
        "Asia/Kolkata",
        "Australia/Lord_Howe",
        "America/Sao_Paulo",
        "Pacific/Chatham",
        "UTC",
    ];

    /// 2024-01-01T00:00Z and the four years after it: leap year, several DST rule sets.
    const FROM: i64 = 1_704_067_200;
    const SPAN: i64 = 4 * 365 * 86_400;

    fn hhmm(quarters: u16) -> String {
        format!("{:02}:{:02}", quarters / 4, quarters % 4 * 15)
    }

    /// One day's intervals: up to three same-day intervals from sorted quarter-hour cut
    /// points, and sometimes an overnight interval after them closing by noon.
    fn day() -> impl Strategy<Value = Vec<String>> {
        (prop::collection::btree_set(0u16..=96, 0..=6), prop::option::of(0u16..=48)).prop_map(|(cuts, overnight)| {
            let cuts: Vec<u16> = cuts.into_iter().collect();
            let mut day: Vec<String> = cuts.chunks_exact(2).map(|p| format!("{}-{}", hhmm(p[0]), hhmm(p[1]))).collect();
            let last = cuts.chunks_exact(2).last().map_or(0, |p| p[1]);
            if let Some(closes) = overnight
                && last < 95
            {
                day.push(format!("{}-{}", hhmm(last.max(48) + 1), hhmm(closes)));
            }
            day
        })
    }

    /// Valid hours: a zone, seven days, and up to four closures or special days in the window.
    fn hours() -> impl Strategy<Value = Value> {
        let dated = prop::collection::btree_set((0i64..4 * 365, any::<bool>()), 0..4);
        (0..ZONES.len(), prop::collection::vec(day(), 7), dated, day()).prop_map(|(zone, week, dated, special)| {
            let keys = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
            let weekly: serde_json::Map<String, Value> =
                keys.iter().map(|k| k.to_string()).zip(week.into_iter().map(Value::from)).collect();
            let mut closed = Vec::new();
            let mut specials = Vec::new();
            let mut last = -1;
            for (day, is_closure) in dated {
                if day <= last {
                    continue;
                }
                last = day;
                let date = Timestamp::from_second(FROM + day * 86_400).unwrap().strftime("%Y-%m-%d").to_string();
                if is_closure {
                    closed.push(json!({"date": date}));
                } else {
                    specials.push(json!({"date": date, "hours": special}));
                }
            }
            json!({"time_zone": ZONES[zone], "weekly": weekly, "closed": closed, "special": specials})
        })
    }

    fn instant_in_window() -> impl Strategy<Value = Instant> {
        (0..SPAN).prop_map(|s| Instant(FROM + s))
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        #[test]
        fn reply_by_is_never_before_the_instant(
            hours in hours(),
            at in instant_in_window(),
            secs in 0u64..4 * 86_400,
            wall_clock in any::<bool>(),
        ) {
            let promise = format!("PT{secs}S");
            let c = channel(&hours, Some((&promise, if wall_clock { "wall_clock" } else { "business" })));
            let a = availability(&c, at, &JiffOffsets).unwrap();
            prop_assert!(a.reply_by.is_none_or(|r| r >= at), "{a:?}");
            prop_assert!(a.next_open.is_none_or(|t| t > at) && a.next_close.is_none_or(|t| t > at), "{a:?}");
        }

        #[test]
        fn normalised_spans_never_overlap_or_touch(hours in hours(), at in instant_in_window()) {
            let c = channel(&hours, None);
            let table = Timetable::new(c.hours.as_ref(), &JiffOffsets).unwrap();
            let spans: Vec<_> = table.spans(at).take(40).collect();
            for pair in spans.windows(2) {
                let end = pair[0].end.expect("only the last span may be open-ended");
                prop_assert!(pair[0].start < end && end < pair[1].start, "{pair:?}");
            }
            prop_assert!(spans.iter().all(|s| s.end.is_none_or(|e| e > at)), "every span ends after the instant");
        }

        #[test]
        fn zero_business_time_at_an_open_instant_is_that_instant(hours in hours(), at in instant_in_window()) {
            let c = channel(&hours, None);
            let table = Timetable::new(c.hours.as_ref(), &JiffOffsets).unwrap();
            if table.is_open(at) {
                prop_assert_eq!(table.add_open_time(at, 0), Some(at));
            } else {
                let next = table.spans(at).next().map(|s| s.start);
                prop_assert_eq!(table.add_open_time(at, 0), next);
            }
        }

        /// Without DST there is no ambiguity, so "open" can be checked against a plain
        /// reading of the schedule: is the local time inside one of today's intervals, or
        /// inside an overnight interval from yesterday?
        #[test]
        fn open_agrees_with_reading_the_schedule_where_there_is_no_dst(
            mut hours in hours(),
            at in instant_in_window(),
            zone in prop::sample::select(vec!["Asia/Kolkata", "UTC", "Asia/Tokyo"]),
        ) {
            hours["time_zone"] = json!(zone);
            let c = channel(&hours, None);
            let schedule = c.hours.as_ref().unwrap();
            let offset = i64::from(JiffOffsets.offset(&JiffOffsets.zone(zone).unwrap(), at));
            let local = at.unix() + offset;
            let (day, secs) = (local.div_euclid(86_400), local.rem_euclid(86_400));
            let today = schedule.intervals_on(day).iter().any(|i| { let (s, e) = i.secs(); s <= secs && secs < e });
            let from_yesterday = schedule.intervals_on(day - 1).iter().any(|i| { let (_, e) = i.secs(); secs + 86_400 < e });
            let table = Timetable::new(c.hours.as_ref(), &JiffOffsets).unwrap();
            prop_assert_eq!(table.is_open(at), today || from_yesterday);
        }
    }
}
