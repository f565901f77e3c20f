//! The panel's feedback: its questions under a heading.

use touchpoint_core::config::Feedback;
use yew::prelude::*;

use crate::components::question_form::QuestionForm;
use crate::state::Form;

/// Props of [`FeedbackForm`].
#[derive(Properties, PartialEq)]
pub struct FeedbackFormProps {
    pub feedback: Feedback,
    /// The answers so far, problems and phase.
    pub form: Form,
    /// A question's answer changed: (question id, answer).
    pub on_answer: Callback<(String, touchpoint_core::answers::Given)>,
    /// Submitted, with what the honeypot field holds (see [`QuestionForm`]).
    pub on_submit: Callback<String>,
}

/// The “Your feedback” section of the panel.
#[function_component(FeedbackForm)]
pub fn feedback_form(props: &FeedbackFormProps) -> Html {
    html! {
        <section class="tp-section" aria-labelledby="tp-feedback-title">
            <h3 id="tp-feedback-title" class="tp-subtitle">{ "Your feedback" }</h3>
            <QuestionForm
                scope="tp"
                questions={props.feedback.questions.clone()}
                given={props.form.given.clone()}
                problems={props.form.problems.clone()}
                phase={props.form.phase.clone()}
                on_answer={props.on_answer.clone()}
                on_submit={props.on_submit.clone()}
            />
        </section>
    }
}
