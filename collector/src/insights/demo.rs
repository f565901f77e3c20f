//! `touchpoint seed-demo`: realistic submissions for a site, marked as generated so one
//! command removes them. They follow the demo configuration's touchpoints (`www/
//! touchpoint.config.json`) along journeys in stage order, scored by core's own touchpoint
//! and journey scores, over a year with weekly and yearly seasons and a growing audience,
//! with stories a marketer should spot at a glance:
//!
//! - checkout was hard (CES) until 45 days ago, when paying was fixed: it is the journey's
//!   biggest downward mover before and recovers after;
//! - email keeps its reply-time promise far less often than chat or WhatsApp, and worse in
//!   the last 30 days; late and missing replies drag CSAT down;
//! - NPS creeps up over the year.
//!
//! Comments come in five languages and three moods (the texts are this module's own).

use serde_json::{Value, json};
use touchpoint_core::journey::{Moment, journey_score, touchpoint_score};
use touchpoint_core::wire::{Answer, JourneyPart, TextSentiment};

use crate::db::StoredRow;
use crate::db::facts::DAY_MS;

/// Days of history generated, ending now.
pub const DAYS: i64 = 365;

const HOUR_MS: i64 = 3_600_000;

/// The comments: language, mood (-1, 0, 1), text.
const COMMENTS: &[(&str, i8, &str)] = &[
    ("en", 1, "Quick and friendly, thank you!"),
    ("en", 1, "The plan comparison made the choice easy."),
    ("en", 0, "I ordered the plan for my bike."),
    ("en", -1, "The payment page kept failing, very frustrating."),
    ("en", -1, "Nobody answered my email for days."),
    ("de", 1, "Schnell und freundlich, danke!"),
    ("de", 0, "Ich habe den Plan für mein Rad gekauft."),
    ("de", -1, "Die Zahlung hat dreimal nicht funktioniert."),
    ("fr", 1, "Rapide et très aimable, merci !"),
    ("fr", 0, "J'ai choisi le plan annuel."),
    ("fr", -1, "Aucune réponse à mon e-mail, c'est décevant."),
    ("es", 1, "Muy rápido, ¡gracias por la ayuda!"),
    ("es", -1, "El pago falló varias veces, qué lío."),
    ("nb", 1, "Rask og hyggelig hjelp, takk!"),
    ("nb", -1, "Ingen svarte på e-posten min."),
];

/// One demo touchpoint: its id, stage and how likely a journey passes it.
struct Step {
    touchpoint: &'static str,
    stage: Option<&'static str>,
    chance: f64,
}

const STEPS: &[Step] = &[
    Step { touchpoint: "trail-tips", stage: Some("discover"), chance: 0.45 },
    Step { touchpoint: "plan-comparison", stage: Some("consider"), chance: 0.55 },
    Step { touchpoint: "leaving-plans", stage: Some("consider"), chance: 0.2 },
    Step { touchpoint: "checkout", stage: Some("buy"), chance: 0.45 },
    Step { touchpoint: "help-panel", stage: None, chance: 0.2 },
    Step { touchpoint: "reply-check", stage: Some("get_help"), chance: 0.3 },
];

/// A generator of demo rows for one site.
pub struct Demo {
    site: String,
    now: i64,
    rng: fastrand::Rng,
    pending: std::collections::VecDeque<StoredRow>,
}

impl Demo {
    /// Rows for `site` over the [`DAYS`] before `now`, the same for the same `seed`.
    pub fn new(site: &str, now: i64, seed: u64) -> Demo {
        Demo {
            site: site.to_owned(),
            now,
            rng: fastrand::Rng::with_seed(seed),
            pending: std::collections::VecDeque::new(),
        }
    }

    fn uuid(&mut self) -> String {
        let (a, b) = (self.rng.u64(..), self.rng.u64(..));
        format!(
            "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
            a >> 32,
            (a >> 16) & 0xffff,
            a & 0xfff,
            0x8000 | (b >> 48) & 0x3fff,
            b & 0xffff_ffff_ffff
        )
    }

    /// A journey's start: busier in late autumn and on weekdays, growing over the year.
    fn start(&mut self) -> i64 {
        loop {
            let ago = self.rng.i64(0..DAYS);
            let day = (self.now / DAY_MS) - ago;
            let year = (2.0 * std::f64::consts::PI * (day as f64 - 300.0) / 365.25).cos();
            let weekday = (day + 3).rem_euclid(7); // 0 = Monday
            let weight =
                (1.0 + 0.35 * year) * if weekday >= 5 { 0.6 } else { 1.0 } * (1.0 - 0.4 * ago as f64 / DAYS as f64);
            if self.rng.f64() * 1.75 < weight {
                let hour = 7 + self.rng.i64(0..15);
                let at = day * DAY_MS + hour * HOUR_MS + self.rng.i64(0..HOUR_MS);
                if at < self.now - 6 * HOUR_MS {
                    return at;
                }
            }
        }
    }

    /// A 1-n rating leaning on the visitor's mood in [-1, 1].
    fn rating(&mut self, mood: f64, lo: u8, hi: u8) -> u8 {
        let span = f64::from(hi - lo);
        let x = (mood + 1.0) / 2.0 * span + f64::from(lo) + (self.rng.f64() - 0.5) * span * 0.5;
        x.round().clamp(f64::from(lo), f64::from(hi)) as u8
    }

    /// A comment in the visitor's mood: its text, compound score and language.
    fn comment(&mut self, mood: f64) -> (String, f64, &'static str) {
        let want: i8 = if mood > 0.25 {
            1
        } else if mood < -0.2 {
            -1
        } else {
            0
        };
        let choices: Vec<&(&str, i8, &str)> = COMMENTS.iter().filter(|c| c.1 == want).collect();
        let (lang, _, text) = *choices[self.rng.usize(..choices.len())];
        let compound = match want {
            1 => 0.3 + self.rng.f64() * 0.6,
            -1 => -0.3 - self.rng.f64() * 0.6,
            _ => self.rng.f64() * 0.08 - 0.04,
        };
        (text.to_owned(), touchpoint_core::wire::wire_score(compound), lang)
    }

    /// One journey's rows.
    fn journey(&mut self) {
        let journey = self.uuid();
        let mut at = self.start();
        let mood = (self.rng.f64() * 1.2 - 0.35).clamp(-1.0, 1.0);
        let params = touchpoint_core::journey::JourneyParams::default();
        let mut moments: Vec<(String, i64, f64)> = Vec::new();
        let mut any = false;
        for (i, step) in STEPS.iter().enumerate() {
            let last = i == STEPS.len() - 1 && !any;
            if !last && self.rng.f64() >= step.chance {
                continue;
            }
            any = true;
            at += self.rng.i64(HOUR_MS / 4..3 * DAY_MS);
            if at >= self.now {
                break;
            }
            let ago = (self.now - at) / DAY_MS;
            let (answers, compound, lang, follow_up) = self.answers(step.touchpoint, mood, ago, at);
            let score = touchpoint_score(&answers, compound, &params);
            let mut body = json!({
                "v": 1, "id": self.uuid(), "site": self.site, "touchpoint": step.touchpoint, "created_at": at,
                "answers": answers,
            });
            if let Some(stage) = step.stage {
                body["stage"] = stage.into();
            }
            // Each comment's sentiment carries its language, as the widget sends it.
            if let Some(sentiment) = compound.and_then(TextSentiment::from_compound) {
                let sentiment = match lang {
                    Some(lang) => sentiment.in_lang(lang),
                    None => sentiment,
                };
                body["sentiment"] = serde_json::to_value(sentiment).unwrap_or(Value::Null);
            }
            if let Some(score) = score {
                body["score"] = touchpoint_core::wire::wire_score(score).into();
                moments.push((step.touchpoint.to_owned(), at, score));
                let list: Vec<Moment<'_>> =
                    moments.iter().map(|(t, at, s)| Moment { touchpoint: t, at: *at, score: *s }).collect();
                if let Some(js) = journey_score(&list, &params) {
                    body["journey"] = serde_json::to_value(JourneyPart::new(&journey, js)).unwrap_or(Value::Null);
                }
            }
            if let Some(f) = follow_up {
                body["follow_up"] = f;
            }
            let received = at + self.rng.i64(50..2_000);
            if let Ok(mut row) = StoredRow::from_body(&body.to_string(), received) {
                row.generated = true;
                self.pending.push_back(row);
            }
        }
    }

    #[allow(clippy::type_complexity, reason = "one touchpoint's parts, used once")]
    fn answers(
        &mut self,
        touchpoint: &str,
        mood: f64,
        ago: i64,
        at: i64,
    ) -> (Vec<Answer>, Option<f64>, Option<&'static str>, Option<Value>) {
        let mut answers = Vec::new();
        let mut comment = None;
        let mut follow_up = None;
        let mut say = |demo: &mut Demo, question: &str, mood: f64, answers: &mut Vec<Answer>| {
            let (text, compound, lang) = demo.comment(mood);
            answers.push(Answer::Text { question: question.into(), text });
            comment = Some((compound, lang));
        };
        match touchpoint {
            "trail-tips" => {
                answers.push(Answer::Emoji { question: "mood".into(), value: self.rating(mood + 0.2, 1, 5) })
            }
            "plan-comparison" => {
                let up = self.rng.f64() < 0.55 + 0.35 * mood;
                answers.push(Answer::Thumbs { question: "clear".into(), up });
                if !up {
                    let mut options: Vec<String> = ["prices", "turnaround", "brands"]
                        .iter()
                        .filter(|_| self.rng.bool())
                        .map(|s| (*s).into())
                        .collect();
                    if options.is_empty() {
                        options.push("prices".into());
                    }
                    answers.push(Answer::MultipleChoice { question: "missing".into(), options });
                }
            }
            "leaving-plans" => {
                let lift = 0.35 * (1.0 - ago as f64 / DAYS as f64);
                answers.push(Answer::Nps { question: "nps".into(), value: self.rating(mood + lift - 0.1, 0, 10) });
            }
            "checkout" => {
                let fixed = ago < 45;
                let ease = mood + if fixed { 0.3 } else { -0.55 };
                let ces = self.rating(ease, 1, 7);
                answers.push(Answer::Ces { question: "effort".into(), value: ces });
                if ces <= 3 {
                    let option = if !fixed && self.rng.f64() < 0.7 {
                        "payment"
                    } else {
                        ["choosing", "other"][self.rng.usize(..2)]
                    };
                    answers.push(Answer::SingleChoice { question: "hard".into(), option: option.into() });
                }
                if self.rng.f64() < 0.35 {
                    say(self, "comment", ease, &mut answers);
                }
            }
            "reply-check" => {
                let (channel, wait, keeps) = match self.rng.usize(..10) {
                    0..=3 => ("email", 4 * HOUR_MS, if ago < 30 { 0.5 } else { 0.7 }),
                    4..=7 => ("chat", 5 * 60_000, 0.93),
                    _ => ("whatsapp", HOUR_MS, 0.85),
                };
                let contacted = at - self.rng.i64(DAY_MS / 2..3 * DAY_MS);
                let promised = contacted + wait;
                let roll = self.rng.f64();
                let (outcome, replied, lift) = if roll < keeps {
                    ("on_time", Some(contacted + self.rng.i64(wait / 10..wait)), 0.3)
                } else if roll < keeps + (1.0 - keeps) * 0.7 {
                    ("late", Some(promised + self.rng.i64(1..(wait * 6).min(at - promised))), -0.4)
                } else {
                    ("no_reply", None, -0.9)
                };
                let mut f =
                    json!({"channel": channel, "contacted_at": contacted, "promised_by": promised, "outcome": outcome});
                if let Some(r) = replied {
                    f["replied_at"] = r.into();
                }
                follow_up = Some(f);
                let csat = self.rating(mood + lift, 1, 5);
                answers.push(Answer::Csat { question: "csat".into(), value: csat });
                if csat <= 2 {
                    say(self, "wrong", mood + lift, &mut answers);
                }
            }
            _ => {
                let csat = self.rating(mood, 1, 5);
                answers.push(Answer::Csat { question: "csat".into(), value: csat });
                if self.rng.f64() < 0.5 {
                    say(self, "comment", mood, &mut answers);
                }
            }
        }
        let (compound, lang) = comment.map_or((None, None), |(c, l)| (Some(c), Some(l)));
        (answers, compound, lang, follow_up)
    }
}

impl Iterator for Demo {
    type Item = StoredRow;

    fn next(&mut self) -> Option<StoredRow> {
        while self.pending.is_empty() {
            self.journey();
        }
        self.pending.pop_front()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_seed_gives_the_same_valid_generated_rows() {
        let now = 1_800_000_000_000;
        let a: Vec<StoredRow> = Demo::new("northwind", now, 7).take(500).collect();
        let b: Vec<StoredRow> = Demo::new("northwind", now, 7).take(500).collect();
        assert_eq!(a, b);
        assert!(a.iter().all(|r| r.generated && r.site == "northwind" && r.received_at < now));
        assert!(a.iter().all(|r| r.received_at >= now - (DAYS + 4) * DAY_MS));
        let touchpoints: std::collections::BTreeSet<&str> = a.iter().map(|r| r.touchpoint.as_str()).collect();
        assert_eq!(touchpoints.len(), STEPS.len(), "{touchpoints:?}");
        let facts: Vec<_> = a.iter().map(StoredRow::facts).collect();
        for outcome in ["on_time", "late", "no_reply"] {
            assert!(facts.iter().any(|f| f.outcome.as_deref() == Some(outcome)), "{outcome}");
        }
        for label in ["negative", "neutral", "positive"] {
            assert!(facts.iter().any(|f| f.label.as_deref() == Some(label)), "{label}");
        }
        assert!(facts.iter().filter(|f| f.moved_most.is_some()).count() > 250);
    }
}
