//! The panel's feedback: its questions under a heading.

use touchpoint_core::config::Feedback;
use touchpoint_core::i18n::Msg;
use yew::prelude::*;

use crate::components::question_form::{Questions, question_form};
use crate::state::Form;
use crate::words::Words;

/// The “Your feedback” section of the panel: `feedback`'s questions with the answers so
/// far, problems and phase of `form`. `on_answer` hears (question id, answer); `on_submit`
/// what the honeypot field holds (see [`question_form`]).
pub fn feedback_form(
    feedback: &Feedback,
    form: &Form,
    on_answer: Callback<(String, touchpoint_core::answers::Given)>,
    on_submit: Callback<String>,
    words: &Words,
) -> Html {
    let submit_label = words.text(Msg::SendFeedback);
    let questions = Questions { scope: "tp", questions: &feedback.questions, prompts: None, submit_label, words };
    html! {
        <section class="tp-section" aria-labelledby="tp-feedback-title">
            <h3 id="tp-feedback-title" class="tp-subtitle">{ words.text(Msg::FeedbackTitle) }</h3>
            { question_form(questions, form, &on_answer, &on_submit) }
        </section>
    }
}
