//! The widget's look (`theme`): the accent and the text on it, each a colour picker beside
//! a text field, with the contrast measured by core's own WCAG code (the text on the
//! accent, and the accent against the panel light and dark); the corner, radius, the
//! launcher's label and icon, the colour scheme and the font.

use touchpoint_core::config::{
    ColorScheme, DEFAULT_ACCENT, Font, LauncherIcon, Position, Rgb, SURFACES, TEXT_CONTRAST,
};
use touchpoint_core::diff::Step;
use touchpoint_core::fields::{Kind, number_text};
use yew::prelude::*;

use super::{Form, names, number, select, text};
use crate::browser;
use crate::components::common::Field;
use crate::doc::{Edit, key, path_text};

/// A contrast ratio as the validator writes it: floored to two decimals (core's number
/// text, not `{:.2}`, which would link float formatting: 8 KB of wasm).
fn ratio(a: Rgb, b: Rgb) -> String {
    format!("{}:1", number_text((a.contrast(b) * 100.0).floor() / 100.0))
}

/// The theme section.
pub fn theme(form: &Form) -> Html {
    let at = key(&[], "theme");
    let colour = |name: &str| Rgb::parse(&form.text(&key(&at, name)));
    let accent = colour("accent").unwrap_or(DEFAULT_ACCENT);
    let on_accent = colour("accent_text").unwrap_or_else(|| accent.text_on());
    let surfaces: Vec<String> =
        SURFACES.iter().map(|(scheme, s)| format!("{} on the {scheme} panel", ratio(accent, *s))).collect();
    let accent_hint = format!(
        "Fills the launcher, buttons and chosen ratings. Against the widget's backgrounds: {}.",
        surfaces.join(", ")
    );
    let text_hint = format!(
        "Text and icons on the accent: {} on {} is {} (WCAG 2.2 AA needs {TEXT_CONTRAST}:1).{}",
        on_accent.hex(),
        accent.hex(),
        ratio(on_accent, accent),
        if colour("accent_text").is_none() { " Empty: white or black, whichever reads better." } else { "" }
    );
    html! {
        <section class="card" aria-labelledby="sec-theme">
            <h2 id="sec-theme">{"Look"}</h2>
            { colour_field(form, key(&at, "accent"), "Accent colour", accent, accent_hint) }
            { colour_field(form, key(&at, "accent_text"), "Text on the accent", on_accent, text_hint) }
            <div class="row">
                { select(form, key(&at, "position"), "Corner", &names(Position::NAMES), Some("bottom right (default)")) }
                { number(form, key(&at, "radius"), "Corner radius (pixels, 0 to 24)", Some("Default 12.")) }
            </div>
            <div class="row">
                { text(form, key(&at, "launcher_label"), "Launcher label", Some("Default: \u{201c}Contact & feedback\u{201d} in the visitor's language."), true) }
                { select(form, key(&at, "launcher_icon"), "Launcher icon", &names(LauncherIcon::NAMES), Some("chat (default)")) }
            </div>
            <div class="row">
                { select(form, key(&at, "color_scheme"), "Colour scheme", &names(ColorScheme::NAMES), Some("light (default)")) }
                { select(form, key(&at, "font"), "Font", &names(Font::NAMES), Some("system (default)")) }
            </div>
        </section>
    }
}

/// A colour: a picker and a text field (`#rrggbb` or `#rgb`; empty: the default) editing
/// the same member, the measured contrast as the hint, the validator's problems beside it.
fn colour_field(form: &Form, path: Vec<Step>, label: &str, shown: Rgb, hint: String) -> Html {
    let id = path_text(&path);
    let pick = {
        let (form, path) = (form.clone(), path.clone());
        Callback::from(move |e: InputEvent| form.edit(Edit::Text(path.clone(), browser::value_of(&e), true)))
    };
    html! {
        <div class="colour">
            <input type="color" id={format!("{id}--picker")} value={shown.hex()} oninput={pick}
                disabled={form.readonly} aria-label={format!("{label}: picker")} />
            <Field id={id} label={label.to_owned()} value={form.text(&path)} hint={Some(AttrValue::from(hint))}
                problems={form.problems_at(&path)} readonly={form.readonly} oninput={form.set_text(path, true)} />
        </div>
    }
}
