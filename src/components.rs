//! The widget's components, one per file.

pub mod app;
pub mod ces_question;
pub mod channel_card;
pub mod channel_list;
pub mod csat_question;
pub mod emoji_question;
pub mod feedback_form;
pub mod forget_answers;
pub mod icon;
pub mod launcher;
pub mod multiple_choice;
pub mod nps_question;
pub mod panel;
pub mod question_field;
pub mod question_form;
pub mod question_group;
pub mod rating_scale;
pub mod resource_list;
pub mod single_choice;
pub mod text_question;
pub mod thank_you;
pub mod thumbs_question;
pub mod topic_picker;
pub mod touchpoint_prompt;
