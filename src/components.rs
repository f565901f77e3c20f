//! The widget's components, one per file.

pub mod app;
pub mod channel_card;
pub mod channel_list;
pub mod csat_scale;
pub mod feedback_form;
pub mod icon;
pub mod launcher;
pub mod panel;
pub mod resource_list;
pub mod text_question;
pub mod thank_you;
pub mod topic_picker;
