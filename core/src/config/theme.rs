//! The widget in the site's look (`theme`): accent colour and the text on it, corner,
//! corner radius, the launcher's label and icon, light or dark, and the font. The loader
//! applies it before the WebAssembly arrives (so the launcher never flashes in another
//! colour): custom properties on the widget's root, which a host page may also set on
//! `[data-touchpoint]` (see README). The accent is only ever a fill under its text colour
//! (launcher, buttons, the chosen rating); focus rings and links use the text colours, so
//! any accent stays readable: the one pair to check is the accent and the text on it.

use crate::fields::{Node, Reader, kind};

use super::text::{Declared, Text, read_opt_text};

/// The theme; every part optional (the stylesheet's defaults).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Theme {
    /// Fill of the launcher, buttons and chosen ratings.
    pub accent: Option<Rgb>,
    /// Text and icons on the accent; when absent the loader picks white or black, whichever
    /// contrasts more (always at least 4.58:1, [`Rgb::text_on`]).
    pub accent_text: Option<Rgb>,
    /// Which bottom corner; mirrored in right-to-left languages.
    pub position: Position,
    /// Corner radius of the panel and cards, in CSS pixels.
    pub radius: Option<u8>,
    /// The launcher's words (default: the catalogue's "Contact & feedback").
    pub launcher_label: Option<Text>,
    pub launcher_icon: LauncherIcon,
    pub color_scheme: ColorScheme,
    pub font: Font,
}

kind! {
    /// The corner the launcher sits in (for left-to-right languages; mirrored for ar, he).
    #[derive(Default)]
    pub enum Position {
        #[default]
        BottomRight = "bottom_right",
        BottomLeft = "bottom_left",
    }
}

kind! {
    /// The launcher's icon, from a fixed set.
    #[derive(Default)]
    pub enum LauncherIcon {
        #[default]
        Chat = "chat",
        Help = "help",
        Mail = "mail",
        Phone = "phone",
        None = "none",
    }
}

kind! {
    /// Light, dark, or as the visitor's system prefers (`prefers-color-scheme`).
    #[derive(Default)]
    pub enum ColorScheme {
        #[default]
        Light = "light",
        Dark = "dark",
        Auto = "auto",
    }
}

kind! {
    /// The system's UI font, or the host page's own.
    #[derive(Default)]
    pub enum Font {
        #[default]
        System = "system",
        Inherit = "inherit",
    }
}

/// A colour written `#rrggbb` (or `#rgb`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub [u8; 3]);

/// WCAG 2.2 AA's least contrast for text: 4.5:1.
pub const TEXT_CONTRAST: f64 = 4.5;

impl Rgb {
    pub const WHITE: Rgb = Rgb([255, 255, 255]);
    pub const BLACK: Rgb = Rgb([0, 0, 0]);

    /// Reads `#rrggbb` or `#rgb` (either case).
    pub fn parse(text: &str) -> Option<Rgb> {
        let hex = text.strip_prefix('#')?;
        let digit = |i: usize| u8::from_str_radix(hex.get(i..=i)?, 16).ok();
        match hex.len() {
            3 => Some(Rgb([digit(0)? * 17, digit(1)? * 17, digit(2)? * 17])),
            6 => {
                let byte = |i: usize| Some(digit(i)? * 16 + digit(i + 1)?);
                Some(Rgb([byte(0)?, byte(2)?, byte(4)?]))
            }
            _ => None,
        }
    }

    /// `#rrggbb`, lowercase.
    pub fn hex(self) -> String {
        let [r, g, b] = self.0;
        format!("#{r:02x}{g:02x}{b:02x}")
    }

    /// WCAG's relative luminance, 0 (black) to 1 (white).
    pub fn luminance(self) -> f64 {
        let channel = |c: u8| {
            let c = f64::from(c) / 255.0;
            if c <= 0.040_45 { c / 12.92 } else { pow_2_4((c + 0.055) / 1.055) }
        };
        let [r, g, b] = self.0;
        0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    }

    /// WCAG's contrast ratio with `other`, 1 to 21.
    pub fn contrast(self, other: Rgb) -> f64 {
        let (a, b) = (self.luminance(), other.luminance());
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// The text colour the loader puts on this fill when none is configured: white where
    /// it reaches 4.5:1, else black (which then reaches more than 4.58:1).
    pub fn text_on(self) -> Rgb {
        if self.contrast(Rgb::WHITE) >= TEXT_CONTRAST { Rgb::WHITE } else { Rgb::BLACK }
    }
}

impl Theme {
    /// The custom properties the loader sets on the widget's root for this theme
    /// (`--tp-accent:#0b6e4f;--tp-accent-text:#ffffff;--tp-radius:4px;`), as Studio's
    /// preview sets them; the text on an accent without its own is [`Rgb::text_on`].
    pub fn custom_properties(&self) -> String {
        let mut css = String::new();
        if let Some(accent) = self.accent {
            css += &format!("--tp-accent:{};", accent.hex());
        }
        if let Some(text) = self.accent_text.or(self.accent.map(Rgb::text_on)) {
            css += &format!("--tp-accent-text:{};", text.hex());
        }
        if let Some(radius) = self.radius {
            css += &format!("--tp-radius:{radius}px;");
        }
        css
    }

    /// The text colour shown on the accent: the configured one, else the loader's choice.
    pub fn text_on_accent(&self) -> Rgb {
        let accent = self.accent.unwrap_or(DEFAULT_ACCENT);
        self.accent_text.unwrap_or_else(|| accent.text_on())
    }
}

/// The widget's panel backgrounds (`--tp-surface` in www/touchpoint.css), light and dark:
/// what the accent's fills (launcher, buttons) sit on, for Studio to show their contrast.
pub const SURFACES: [(&str, Rgb); 2] = [("light", Rgb::WHITE), ("dark", Rgb([0x11, 0x18, 0x27]))];

pub(super) fn read_theme(r: &mut Reader, node: &Node<'_>, languages: Declared<'_>) -> Theme {
    let known =
        ["accent", "accent_text", "position", "radius", "launcher_label", "launcher_icon", "color_scheme", "font"];
    if r.opt_object(node, &known).is_none() {
        return Theme::default();
    }
    let accent = read_colour(r, &node.field("accent"));
    let text_node = node.field("accent_text");
    let accent_text = read_colour(r, &text_node);
    if let Some(text) = accent_text {
        let fill = accent.unwrap_or(DEFAULT_ACCENT);
        let ratio = text.contrast(fill);
        if ratio < TEXT_CONTRAST {
            r.fail(
                &text_node,
                format!(
                    "{} on {} has a contrast of {}:1; text needs at least 4.5:1 (WCAG 2.2 AA){}",
                    text.hex(),
                    fill.hex(),
                    crate::fields::number_text((ratio * 100.0).floor() / 100.0),
                    if accent.is_some() { "" } else { " against the default accent" }
                ),
            );
        }
    }
    Theme {
        accent,
        accent_text,
        position: opt_kind(r, node, "position").unwrap_or_default(),
        radius: r.opt_int(&node.field("radius"), 0..=24).map(|n| n as u8),
        launcher_label: read_opt_text(r, &node.field("launcher_label"), languages, 40),
        launcher_icon: opt_kind(r, node, "launcher_icon").unwrap_or_default(),
        color_scheme: opt_kind(r, node, "color_scheme").unwrap_or_default(),
        font: opt_kind(r, node, "font").unwrap_or_default(),
    }
}

/// `x^2.4` for `x` in (0, 1]: `x² · (x^⅕)²`, the fifth root by Newton's method from `√√x`
/// (exact to 1e-12 here, see the test). `f64::powf` would link libm's `pow`: 2.2 KB of wasm.
fn pow_2_4(x: f64) -> f64 {
    let mut y = x.sqrt().sqrt();
    for _ in 0..8 {
        y = (4.0 * y + x / (y * y * y * y)) / 5.0;
    }
    x * x * y * y
}

/// An optional member naming a kind.
fn opt_kind<K: crate::fields::Kind>(r: &mut Reader, node: &Node<'_>, name: &str) -> Option<K> {
    let member = node.field(name);
    if member.is_present() { r.kind(&member) } else { None }
}

/// The stylesheet's own accent (`--tp-accent` in www/touchpoint.css).
pub const DEFAULT_ACCENT: Rgb = Rgb([0x1d, 0x4e, 0xd8]);

fn read_colour(r: &mut Reader, node: &Node<'_>) -> Option<Rgb> {
    let text = r.opt_string(node)?;
    let colour = Rgb::parse(text);
    if colour.is_none() {
        r.fail(node, format!("`{text}` must be a colour written #rrggbb or #rgb"));
    }
    colour
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn theme(value: serde_json::Value) -> Result<Theme, Vec<String>> {
        let doc = json!({ "theme": value });
        let mut r = Reader::default();
        let t = read_theme(&mut r, &Node::root(&doc).field("theme"), &[]);
        r.finish(t).map_err(|e| e.0.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn a_full_theme_reads_back() {
        let t = theme(json!({"accent": "#0B6E4F", "accent_text": "#fff", "position": "bottom_left", "radius": 4,
            "launcher_label": "Talk to us", "launcher_icon": "help", "color_scheme": "auto", "font": "inherit"}))
        .unwrap();
        assert_eq!(t.accent, Some(Rgb([0x0b, 0x6e, 0x4f])));
        assert_eq!(t.accent_text, Some(Rgb::WHITE));
        assert_eq!((t.position, t.radius, t.launcher_icon), (Position::BottomLeft, Some(4), LauncherIcon::Help));
        assert_eq!((t.color_scheme, t.font), (ColorScheme::Auto, Font::Inherit));
        assert_eq!(t.launcher_label, Some(Text::from("Talk to us")));
        assert_eq!(theme(json!({})), Ok(Theme::default()));
    }

    #[test]
    fn text_on_the_accent_must_reach_aa_and_every_problem_is_named() {
        assert_eq!(
            theme(json!({"accent": "#ffcc00", "accent_text": "#ffffff", "radius": 40, "position": "top_left",
                "font": "comic", "launcher_icon": "star", "color_scheme": "dim"})),
            Err(vec![
                "theme.accent_text: #ffffff on #ffcc00 has a contrast of 1.51:1; text needs at least 4.5:1 (WCAG 2.2 AA)".into(),
                "theme.position: `top_left` is not one of bottom_right, bottom_left".into(),
                "theme.radius: must be between 0 and 24, found 40".into(),
                "theme.launcher_icon: `star` is not one of chat, help, mail, phone, none".into(),
                "theme.color_scheme: `dim` is not one of light, dark, auto".into(),
                "theme.font: `comic` is not one of system, inherit".into(),
            ])
        );
        assert_eq!(
            theme(json!({"accent": "green", "accent_text": "#777"})),
            Err(vec![
                "theme.accent: `green` must be a colour written #rrggbb or #rgb".into(),
                "theme.accent_text: #777777 on #1d4ed8 has a contrast of 1.49:1; text needs at least 4.5:1 (WCAG 2.2 AA) against the default accent".into(),
            ])
        );
    }

    #[test]
    fn contrast_follows_wcag() {
        assert!((Rgb::WHITE.contrast(Rgb::BLACK) - 21.0).abs() < 1e-9);
        assert!((Rgb::parse("#777777").unwrap().contrast(Rgb::WHITE) - 4.48).abs() < 0.01);
        assert!((DEFAULT_ACCENT.contrast(Rgb::WHITE) - 6.70).abs() < 0.01);
        assert_eq!(Rgb::parse("#0b6e4f").unwrap().text_on(), Rgb::WHITE);
        assert_eq!(Rgb::parse("#ffcc00").unwrap().text_on(), Rgb::BLACK);
        assert_eq!(Rgb::parse("#12345"), None);
        assert_eq!(Rgb::parse("#abc").map(Rgb::hex).as_deref(), Some("#aabbcc"));
    }

    #[test]
    fn custom_properties_as_the_loader_sets_them() {
        let t = theme(json!({"accent": "#FC0", "radius": 4})).unwrap();
        assert_eq!(t.custom_properties(), "--tp-accent:#ffcc00;--tp-accent-text:#000000;--tp-radius:4px;");
        assert_eq!(t.text_on_accent(), Rgb::BLACK);
        let t = theme(json!({"accent_text": "#fff"})).unwrap();
        assert_eq!(t.custom_properties(), "--tp-accent-text:#ffffff;");
        assert_eq!(Theme::default().custom_properties(), "");
        assert_eq!(Theme::default().text_on_accent(), Rgb::WHITE);
    }

    /// The surfaces Studio measures against are the stylesheet's.
    #[test]
    fn the_surfaces_are_the_stylesheets() {
        let css = include_str!("../../../www/touchpoint.css");
        let light = css.split(":host([data-scheme=\"dark\"])").next().unwrap_or("");
        let dark = css.split(":host([data-scheme=\"dark\"])").nth(1).unwrap_or("");
        let surface = |block: &str| {
            let at = block.find("--tp-surface:").expect("a surface") + "--tp-surface:".len();
            Rgb::parse(block[at..].trim_start().get(..7).unwrap_or(""))
        };
        assert_eq!(surface(light), Some(SURFACES[0].1));
        assert_eq!(surface(dark), Some(SURFACES[1].1));
    }

    #[test]
    fn the_power_without_libm_matches_powf() {
        for c in 11..=255u8 {
            let x = (f64::from(c) / 255.0 + 0.055) / 1.055;
            assert!((pow_2_4(x) - x.powf(2.4)).abs() < 1e-12, "{c}");
        }
    }

    proptest::proptest! {
        /// Whatever the accent, the chosen text colour reaches AA on it.
        #[test]
        fn the_chosen_text_always_reaches_aa(rgb in proptest::array::uniform3(0u8..=255)) {
            let fill = Rgb(rgb);
            proptest::prop_assert!(fill.text_on().contrast(fill) >= TEXT_CONTRAST);
        }
    }
}
