//! The colours of the game: a calm dark-slate standard palette and a colour-blind-safe one.

use bevy::prelude::*;

use crate::game::settings::PaletteKind;

/// What a colour is for. Widgets name a role; the active [`Palette`] decides the colour, so
/// switching palettes repaints everything without respawning it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Role {
    /// The window behind everything.
    Background,
    /// Panels: large areas that group content.
    Surface,
    /// Cards and buttons: things that sit on a panel.
    Raised,
    /// Hovered buttons.
    RaisedHover,
    /// Buttons while pressed, and selected choices.
    RaisedActive,
    /// Hairlines around panels and cards.
    Border,
    /// Body text.
    Text,
    /// Secondary text: hints, captions, disabled labels.
    Muted,
    /// Headings.
    Heading,
    /// The one accent colour (primary buttons, markers, the title rule).
    Accent,
    /// The focus ring.
    Focus,
    /// Good news: a supporter, a passed gate.
    Good,
    /// A risk or unknown.
    Warn,
    /// Bad news: an opponent, a failed gate.
    Bad,
}

/// One complete set of colours.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Palette {
    pub background: Color,
    pub surface: Color,
    pub raised: Color,
    pub raised_hover: Color,
    pub raised_active: Color,
    pub border: Color,
    pub text: Color,
    pub muted: Color,
    pub heading: Color,
    pub accent: Color,
    pub focus: Color,
    pub good: Color,
    pub warn: Color,
    pub bad: Color,
}

const fn hex(rgb: u32) -> Color {
    Color::srgb(
        ((rgb >> 16) & 0xff) as f32 / 255.0,
        ((rgb >> 8) & 0xff) as f32 / 255.0,
        (rgb & 0xff) as f32 / 255.0,
    )
}

/// Dark slate with a muted teal accent.
pub const STANDARD: Palette = Palette {
    background: hex(0x141a22),
    surface: hex(0x1c242f),
    raised: hex(0x263140),
    raised_hover: hex(0x2f3c4e),
    raised_active: hex(0x35506a),
    border: hex(0x34404f),
    text: hex(0xd8dee6),
    muted: hex(0x8a97a8),
    heading: hex(0xf1f4f8),
    accent: hex(0x4fb3a9),
    focus: hex(0xf2c14e),
    good: hex(0x5cb85c),
    warn: hex(0xe0a030),
    bad: hex(0xd9534f),
};

/// The same slate, with Okabe–Ito colours for everything that carries meaning: blue for
/// good, orange for risk, vermillion for bad, sky blue as accent and yellow for focus.
pub const COLOUR_BLIND_SAFE: Palette = Palette {
    accent: hex(0x56b4e9),
    focus: hex(0xf0e442),
    good: hex(0x0072b2),
    warn: hex(0xe69f00),
    bad: hex(0xd55e00),
    raised_active: hex(0x2d4a66),
    ..STANDARD
};

impl Palette {
    /// The palette for a setting.
    pub fn of(kind: PaletteKind) -> &'static Palette {
        match kind {
            PaletteKind::Standard => &STANDARD,
            PaletteKind::ColourBlindSafe => &COLOUR_BLIND_SAFE,
        }
    }

    /// The colour for a role.
    pub fn get(&self, role: Role) -> Color {
        match role {
            Role::Background => self.background,
            Role::Surface => self.surface,
            Role::Raised => self.raised,
            Role::RaisedHover => self.raised_hover,
            Role::RaisedActive => self.raised_active,
            Role::Border => self.border,
            Role::Text => self.text,
            Role::Muted => self.muted,
            Role::Heading => self.heading,
            Role::Accent => self.accent,
            Role::Focus => self.focus,
            Role::Good => self.good,
            Role::Warn => self.warn,
            Role::Bad => self.bad,
        }
    }
}
