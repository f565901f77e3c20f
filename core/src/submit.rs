//! From a visitor's answers to what is posted: check them against the
//! touchpoint's questions, score the touchpoint and the journey, and mask or
//! withhold the comment text; the answer to record in the history comes back
//! beside the submission. The sentiment scorer and the masker are passed in, so
//! either can be swapped.

use crate::answers::{Given, Problem, collect_answers};
use crate::config::Config;
use crate::follow_up::Contact;
use crate::history::{Answered, History};
use crate::id_map::IdMap;
use crate::journey::{comment_text, touchpoint_score};
use crate::wire::{Answer, FollowUp, JourneyPart, Submission, TextSentiment, WIRE_VERSION, is_uuid, wire_score};

/// What the visitor gave for one touchpoint, before scoring.
#[derive(Debug, Clone, PartialEq)]
pub struct Draft {
    /// A fresh UUID ([`crate::wire::uuid_v4`]): the submission's idempotency key.
    pub id: String,
    /// The touchpoint answered: a configured touchpoint's id or the panel's `feedback.id`.
    pub touchpoint: String,
    /// When the visitor submitted, milliseconds since the Unix epoch.
    pub created_at: i64,
    /// What the visitor entered, by question id (raw text included: it is masked or withheld here).
    pub given: IdMap<Given>,
    /// For a contact follow-up: the contact it asks about (from [`crate::recontact::offer_follow_up`]).
    pub contact: Option<Contact>,
    /// What the form's honeypot field holds: empty for a person; sent only when filled in.
    pub honeypot: String,
}

/// Why a draft was not turned into a submission.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SubmitError {
    /// Questions the visitor still has to answer or correct: show each beside its question.
    #[error("{} question(s) need attention", .0.len())]
    Unanswered(Vec<Problem>),
    /// The widget asked about a touchpoint the configuration does not have.
    #[error("`{0}` is not a configured touchpoint")]
    UnknownTouchpoint(String),
    /// The idempotency key is not a UUID.
    #[error("submission id `{0}` is not a UUID")]
    BadId(String),
    /// A contact follow-up was submitted without its contact.
    #[error("touchpoint `{0}` asks about a contact, but none was given")]
    MissingContact(String),
    /// A contact was given for a touchpoint that does not ask about one.
    #[error("touchpoint `{0}` is not a contact follow-up, but a contact was given")]
    UnexpectedContact(String),
}

/// Checks `draft` and returns the submission to post, scored against `history` as it will
/// be once the answer is recorded, with that answer. Record it ([`History::record`]) once the
/// submission is kept for sending, in the history as stored then (another tab may have
/// changed it); it can be recorded only once. `text_sentiment` scores the comments, or says
/// why it cannot ([`crate::journey::text_sentiment`]); `mask` hides e-mail addresses, phone and card numbers. With
/// `keep_text_on_device`, comments are scored here and only their scores leave the device.
pub fn submit(
    config: &Config,
    history: &History,
    draft: Draft,
    text_sentiment: impl Fn(&str) -> Option<TextSentiment>,
    mask: impl Fn(&str) -> String,
) -> Result<(Submission, Answered), SubmitError> {
    let Some((stage, questions)) = config.questions_of(&draft.touchpoint) else {
        return Err(SubmitError::UnknownTouchpoint(draft.touchpoint));
    };
    if !is_uuid(&draft.id) {
        return Err(SubmitError::BadId(draft.id));
    }
    let collected = collect_answers(questions, &draft.given).map_err(SubmitError::Unanswered)?;
    // A validated follow-up always asks its (required) reply question, and nothing else has one.
    let follow_up = match (draft.contact, collected.reply) {
        (Some(contact), Some(outcome)) => Some(FollowUp::new(&contact, outcome, None)),
        (None, Some(_)) => return Err(SubmitError::MissingContact(draft.touchpoint)),
        (Some(_), None) => return Err(SubmitError::UnexpectedContact(draft.touchpoint)),
        (None, None) => None,
    };

    let sentiment = comment_text(&collected.answers).and_then(|text| text_sentiment(&text));
    // Unscored comments are left out of the score: neither neutral nor negative.
    let score =
        touchpoint_score(&collected.answers, sentiment.as_ref().and_then(TextSentiment::compound), &config.journey);
    let mut after = history.clone();
    after.answered(&draft.touchpoint, stage, score, draft.created_at);
    let journey = after.journey(&config.journey).map(|score| JourneyPart::new(&history.journey, score));
    // Recorded as posted (four decimals), so the stored journey and the collector's agree.
    let answered = Answered::new(&draft.touchpoint, stage, score.map(wire_score), draft.created_at);
    let answers = collected
        .answers
        .into_iter()
        .map(|answer| match answer {
            Answer::Text { question, .. } if config.keep_text_on_device => Answer::TextWithheld { question },
            Answer::Text { question, text } => Answer::Text { question, text: mask(&text) },
            other => other,
        })
        .collect();
    let submission = Submission {
        v: WIRE_VERSION,
        id: draft.id.to_ascii_lowercase(),
        site: config.site.clone(),
        touchpoint: draft.touchpoint,
        created_at: draft.created_at,
        answers,
        stage: Some(stage),
        sentiment,
        score: score.map(wire_score),
        journey,
        follow_up,
        website: (!draft.honeypot.is_empty()).then_some(draft.honeypot),
    };
    Ok((submission, answered))
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::recontact::{Decision, offer_follow_up};
    use crate::wire::{ReplyOutcome, Stage};

    const JOURNEY: &str = "7d0c1c2e-51a4-4c1e-8f3b-2b1d2a9c0e11";
    const T0: i64 = 1_795_000_000_000;
    const HOUR: i64 = 3_600_000;

    fn config() -> Config {
        Config::from_json(include_str!("../../docs/examples/touchpoints.json")).unwrap()
    }

    /// Stand-in for the sentiment scorer: negative when the text complains.
    fn scorer(text: &str) -> Option<TextSentiment> {
        TextSentiment::from_compound(if text.contains("slow") { -0.6 } else { 0.4 })
    }

    /// Stand-in for the masker: hides words that look like e-mail addresses.
    fn masker(text: &str) -> String {
        text.split(' ').map(|w| if w.contains('@') { "[email]" } else { w }).collect::<Vec<_>>().join(" ")
    }

    /// What the widget does: submits, and records the answer once the submission is kept.
    fn submit_and_record(
        config: &Config,
        history: &mut History,
        draft: Draft,
        text_sentiment: impl Fn(&str) -> Option<TextSentiment>,
        mask: impl Fn(&str) -> String,
    ) -> Result<Submission, SubmitError> {
        let (submission, answered) = submit(config, history, draft, text_sentiment, mask)?;
        history.record(answered);
        Ok(submission)
    }

    fn draft(n: u8, touchpoint: &str, at: i64, given: &[(&str, Given)]) -> Draft {
        Draft {
            id: format!("0b6f7c3e-2f1a-4c8e-9d57-3c2a1f0e9b{n:02}"),
            touchpoint: touchpoint.into(),
            created_at: at,
            given: given.iter().map(|(k, v)| ((*k).to_owned(), v.clone())).collect(),
            contact: None,
            honeypot: String::new(),
        }
    }

    fn panel(csat: u8, text: &str) -> [(&'static str, Given); 2] {
        [("csat", Given::Rating(csat)), ("wrong", Given::Text(text.into()))]
    }

    #[test]
    fn the_honeypot_travels_only_when_something_is_in_it() {
        let config = config();
        let human = draft(1, "help-panel", T0, &panel(4, "fine"));
        let (human, _) = submit(&config, &History::new(JOURNEY.into()), human, scorer, masker).unwrap();
        assert_eq!(human.website, None);
        assert!(!human.to_json().contains("website"), "nothing extra on the wire for people");
        let bot = Draft { honeypot: "https://spam.example".into(), ..draft(2, "help-panel", T0, &panel(4, "fine")) };
        let (bot, _) = submit(&config, &History::new(JOURNEY.into()), bot, scorer, masker).unwrap();
        assert!(bot.is_bot());
    }

    /// A comment the scorer cannot read (a language it does not score, or one it cannot tell)
    /// is sent unscored and left out of the scores: with a rating the touchpoint scores by the
    /// rating alone; without one it does not count.
    #[test]
    fn an_unscored_comment_is_left_out_of_the_scores() {
        use crate::wire::Unscored;
        let config = config();
        let swedish = "Det här var en riktigt dålig service och ingen svarade";
        // (text, the page's and the widget's language, why unscored, the language sent)
        let cases =
            [(swedish, Some("sv"), Unscored::Language, Some("sv")), ("ok ok", None, Unscored::LowConfidence, None)];
        for (text, priors, reason, lang) in cases {
            let scorer = |text: &str| crate::journey::text_sentiment(text, priors, priors);
            let mut history = History::new(JOURNEY.into());
            let d = draft(1, "help-panel", T0, &panel(2, text));
            let s = submit_and_record(&config, &mut history, d, scorer, masker).unwrap();
            assert_eq!(s.sentiment, Some(TextSentiment::Unscored { unscored: reason, lang: lang.map(Into::into) }));
            assert_eq!(s.score, Some(-0.5), "{text}: CSAT 2 alone, neither pulled to neutral nor further down");
            let text_only = [("why", Given::Text(text.into()))];
            let (s, _) = submit(&config, &history, draft(2, "cancel", T0 + HOUR, &text_only), scorer, masker).unwrap();
            assert_eq!(s.score, None, "{text}: a touchpoint with only unscored text does not count");
            assert_eq!(s.journey.map(|j| (j.score.score, j.score.count)), Some((-0.5, 1)), "the journey is as before");
        }
    }

    #[test]
    fn a_panel_answer_is_scored_masked_and_recorded() {
        let config = config();
        let mut history = History::new(JOURNEY.into());
        let d = draft(1, "help-panel", T0, &panel(2, "slow reply to me@example.com"));
        let s = submit_and_record(&config, &mut history, d, scorer, masker).unwrap();
        assert_eq!(s.answers[1], Answer::Text { question: "wrong".into(), text: "slow reply to [email]".into() });
        assert_eq!(s.stage, Some(Stage::GetHelp));
        assert_eq!(s.sentiment, TextSentiment::from_compound(-0.6));
        // CSAT 2 → −0.5; blended with the text: 0.75·(−0.5) + 0.25·(−0.6)
        assert_eq!(s.score, Some(-0.525));
        let journey = s.journey.as_ref().unwrap();
        assert_eq!((journey.id.as_str(), journey.score.count, journey.score.score), (JOURNEY, 1, -0.525));
        assert_eq!(history.entries.len(), 1);
        assert_eq!(Submission::from_json(s.to_json().as_bytes()), Ok(s));
    }

    #[test]
    fn submitting_records_nothing_and_the_answer_to_record_is_the_one_posted() {
        let config = config();
        let mut history = History::new(JOURNEY.into());
        let d = draft(1, "help-panel", T0, &panel(2, "slow reply"));
        let (s, answered) = submit(&config, &history, d, scorer, masker).unwrap();
        assert_eq!(history, History::new(JOURNEY.into()), "the caller records, once the submission is kept");
        history.record(answered);
        let e = &history.entries[0];
        assert_eq!((e.touchpoint.as_str(), e.stage, e.at, e.score), ("help-panel", Stage::GetHelp, T0, s.score));
        let journey = history.journey(&config.journey).map(|j| JourneyPart::new(JOURNEY, j));
        assert_eq!(journey, s.journey, "the recorded history gives the journey that was posted");
    }

    #[test]
    fn with_text_kept_on_the_device_only_its_scores_leave() {
        let mut config = config();
        config.keep_text_on_device = true;
        let mut history = History::new(JOURNEY.into());
        let d = draft(1, "help-panel", T0, &panel(1, "slow and my card is 4111 1111 1111 1111"));
        let s = submit_and_record(&config, &mut history, d, scorer, masker).unwrap();
        assert_eq!(s.answers[1], Answer::TextWithheld { question: "wrong".into() });
        assert_eq!(s.sentiment.as_ref().and_then(TextSentiment::compound), Some(-0.6));
        assert!(!s.to_json().contains("slow") && !s.to_json().contains("4111"), "{}", s.to_json());
        assert!(!history.to_json().contains("slow"), "the history keeps no text");
    }

    #[test]
    fn the_journey_grows_with_each_answered_touchpoint() {
        let config = config();
        let mut history = History::new(JOURNEY.into());
        let mood = [("mood", Given::Rating(5))];
        let effort = [("effort", Given::Rating(1)), ("hard", Given::Choice("payment".into()))];
        let nps = [("nps", Given::Rating(8))];
        submit_and_record(&config, &mut history, draft(1, "product-review", T0, &mood), scorer, masker).unwrap();
        let s =
            submit_and_record(&config, &mut history, draft(2, "checkout", T0 + HOUR, &effort), scorer, masker).unwrap();
        let j = &s.journey.as_ref().unwrap().score;
        assert_eq!((j.count, j.moved_most.as_str()), (2, "checkout"));
        assert!(j.trend < 0.0, "a hard checkout pulls the journey down: {j:?}");
        let s = submit_and_record(&config, &mut history, draft(3, "onboarding", T0 + 2 * HOUR, &nps), scorer, masker)
            .unwrap();
        let j = &s.journey.as_ref().unwrap().score;
        assert_eq!((j.count, j.moved_most.as_str()), (3, "checkout"));
        assert!(j.trend > 0.0, "{j:?}");
    }

    #[test]
    fn a_follow_up_posts_promised_against_reported() {
        let config = config();
        let mut history = History::new(JOURNEY.into());
        history.contacted("email", Some("billing"), T0, T0 + 25 * HOUR);
        let now = T0 + 26 * HOUR;
        let (decision, touchpoint, contact) =
            offer_follow_up(&mut history, &config.recontact, &config.touchpoints, now, now, 0.3).unwrap();
        assert_eq!((decision, touchpoint.id.as_str()), (Decision::Show, "reply-check"));
        let given = [("reply", Given::Reply(ReplyOutcome::Late)), ("csat", Given::Rating(2))];
        let mut d = draft(1, "reply-check", now + 60_000, &given);
        d.contact = Some(contact);
        let s = submit_and_record(&config, &mut history, d, scorer, masker).unwrap();
        let f = s.follow_up.as_ref().unwrap();
        assert_eq!((f.channel.as_str(), f.promised_by, f.outcome), ("email", T0 + 25 * HOUR, ReplyOutcome::Late));
        assert_eq!(s.answers, [Answer::Csat { question: "csat".into(), value: 2 }]);
        assert_eq!(history.entries.last().map(|e| e.prompted), Some(true), "the answer ends the prompt");
        assert_eq!(Submission::from_json(s.to_json().as_bytes()), Ok(s));
    }

    #[test]
    fn a_refused_draft_changes_nothing() {
        let config = config();
        let history = History::new(JOURNEY.into());
        let contact = Contact { channel: "email".into(), topic: None, at: T0, reply_by: T0 + HOUR, asked: true };
        let csat = [("csat", Given::Rating(4))];
        let reply = [("reply", Given::Reply(ReplyOutcome::OnTime)), ("csat", Given::Rating(4))];
        let mut with_contact = draft(2, "help-panel", T0, &csat);
        with_contact.contact = Some(contact);
        let mut bad_id = draft(3, "help-panel", T0, &csat);
        bad_id.id = "3".into();
        let cases = [
            (draft(1, "reply-check", T0, &reply), SubmitError::MissingContact("reply-check".into())),
            (with_contact, SubmitError::UnexpectedContact("help-panel".into())),
            (draft(4, "nowhere", T0, &csat), SubmitError::UnknownTouchpoint("nowhere".into())),
            (bad_id, SubmitError::BadId("3".into())),
            (
                draft(5, "help-panel", T0, &[]),
                SubmitError::Unanswered(vec![Problem {
                    question: "csat".into(),
                    need: crate::answers::Need::Rating { low: 1, high: 5 },
                }]),
            ),
        ];
        for (d, expected) in cases {
            assert_eq!(submit(&config, &history, d, scorer, masker), Err(expected));
        }
        assert!(history.entries.is_empty());
    }

    proptest! {
        // Each case submits up to 60 touchpoints, past the history's limit; fewer cases keep it quick.
        #![proptest_config(ProptestConfig::with_cases(32))]

        #[test]
        fn whatever_is_submitted_passes_the_collectors_check(
            csat in 1u8..=5, text in "\\PC{1,300}", compound in -1.0f64..=1.0, keep in any::<bool>(), n in 1usize..60,
        ) {
            let mut config = config();
            config.keep_text_on_device = keep;
            let mut history = History::new(JOURNEY.into());
            for i in 0..n {
                let d = draft((i % 100) as u8, "help-panel", T0 + i as i64 * HOUR, &panel(csat, &text));
                let s = submit_and_record(&config, &mut history, d, |_| TextSentiment::from_compound(compound), str::to_owned).unwrap();
                prop_assert_eq!(Submission::from_json(s.to_json().as_bytes()), Ok(s));
            }
        }
    }
}
