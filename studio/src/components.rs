//! Studio's screens and the pieces they share, one component per file.

/// Small shared pieces: a labelled text field, a banner, problems of a field.
pub mod common;
/// The configuration editor: sections of the whole schema, validation as you type.
pub mod editor;
/// The configuration form's sections and field helpers.
pub mod form;
/// The live preview: the real widget in a prepared frame.
pub mod preview;
/// The shell: site switcher, navigation, the signed-in user, sign-out.
pub mod shell;
/// The sign-in form.
pub mod sign_in;
/// One site: origins, retention, the embed code, API keys.
pub mod site;
/// The list of sites and a form to add one.
pub mod sites;
/// Users and roles (admins).
pub mod users;
/// Published versions: history, diff, rollback.
pub mod versions;
