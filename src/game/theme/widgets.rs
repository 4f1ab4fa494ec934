//! Widget functions: each returns a bundle to spawn, styled by role so palette and language
//! changes repaint it in place. Buttons take their action as an observer of `Activate`
//! (sent by a click, or Enter / Space on the focused button).
//!
//! ```text
//! commands.spawn((
//!     widgets::ui_root("Title Screen"),
//!     DespawnOnExit(Screen::Title),
//!     children![
//!         widgets::title("app.title"),
//!         widgets::button("title.settings", open_settings),
//!     ],
//! ));
//! ```

use bevy::ecs::system::IntoObserverSystem;
use bevy::input_focus::tab_navigation::{TabGroup, TabIndex};
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, Button, observe};

use super::interaction::{ButtonKind, ChoiceMark, FocusMark, ThemeButton};
use super::palette::Role;
use super::{Caption, FONT_FAMILY, Fill, Ink, Stroke, size};

/// A text entity of a given size and colour role.
pub fn text(caption: impl Into<Caption>, font_size: f32, role: Role) -> impl Bundle {
    (
        Text::new(""),
        caption.into(),
        TextFont {
            font: FONT_FAMILY.into(),
            font_size: FontSize::Px(font_size),
            ..default()
        },
        TextColor(Color::NONE),
        Ink(role),
    )
}

/// A full-window root that centres its content in a column; the screen's tab group. It has
/// no fill: the window's clear colour is the palette's background.
pub fn ui_root(name: &'static str) -> impl Bundle {
    (
        Name::new(name),
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            row_gap: px(size::GAP),
            ..default()
        },
        TabGroup::new(0),
    )
}

/// The game's name, large.
pub fn title(caption: impl Into<Caption>) -> impl Bundle {
    (
        Name::new("Title"),
        text(caption, size::TITLE, Role::Heading),
    )
}

/// A screen heading.
pub fn header(caption: impl Into<Caption>) -> impl Bundle {
    (
        Name::new("Header"),
        text(caption, size::HEADER, Role::Heading),
    )
}

/// Body text.
pub fn label(caption: impl Into<Caption>) -> impl Bundle {
    (Name::new("Label"), text(caption, size::TEXT, Role::Text))
}

/// Secondary text: hints, captions.
pub fn hint(caption: impl Into<Caption>) -> impl Bundle {
    (Name::new("Hint"), text(caption, size::SMALL, Role::Muted))
}

/// Text in a meaning colour; pair it with a symbol or word, never the colour alone.
pub fn tagged(caption: impl Into<Caption>, role: Role) -> impl Bundle {
    (Name::new("Tagged"), text(caption, size::TEXT, role))
}

/// A thin accent rule under a title.
pub fn rule(width: f32) -> impl Bundle {
    (
        Name::new("Rule"),
        Node {
            width: px(width),
            height: px(2),
            ..default()
        },
        BackgroundColor(Color::NONE),
        Fill(Role::Accent),
    )
}

/// A large area grouping content, in a column, `width` logical pixels wide.
pub fn panel(width: f32) -> impl Bundle {
    (
        Name::new("Panel"),
        Node {
            width: px(width),
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(size::PAD_LARGE)),
            row_gap: px(size::GAP + 4.0),
            border: UiRect::all(px(size::BORDER)),
            border_radius: BorderRadius::all(px(size::RADIUS)),
            ..default()
        },
        BackgroundColor(Color::NONE),
        BorderColor::all(Color::NONE),
        Fill(Role::Surface),
        Stroke(Role::Border),
    )
}

/// A smaller raised box on a panel, in a column.
pub fn card() -> impl Bundle {
    (
        Name::new("Card"),
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(size::PAD)),
            row_gap: px(size::GAP),
            border: UiRect::all(px(size::BORDER)),
            border_radius: BorderRadius::all(px(size::RADIUS)),
            ..default()
        },
        BackgroundColor(Color::NONE),
        BorderColor::all(Color::NONE),
        Fill(Role::Raised),
        Stroke(Role::Border),
    )
}

/// A form row: a label in a column of fixed width, then `controls` (usually
/// `children![…]`) laid out in a row.
pub fn row(
    label_caption: impl Into<Caption>,
    label_width: f32,
    controls: impl Bundle,
) -> impl Bundle {
    (
        Name::new("Row"),
        Node {
            flex_direction: FlexDirection::Row,
            align_items: AlignItems::Center,
            ..default()
        },
        children![
            (
                Node {
                    width: px(label_width),
                    ..default()
                },
                children![label(label_caption)],
            ),
            (
                Node {
                    flex_direction: FlexDirection::Row,
                    align_items: AlignItems::Center,
                    column_gap: px(size::GAP),
                    ..default()
                },
                controls,
            )
        ],
    )
}

fn button_base(kind: ButtonKind, width: f32, height: f32, pad: f32) -> impl Bundle {
    themed_button(
        kind,
        Node {
            width: px(width),
            height: px(height),
            flex_direction: FlexDirection::Row,
            justify_content: JustifyContent::Center,
            align_items: AlignItems::Center,
            column_gap: px(10),
            padding: UiRect::horizontal(px(pad)),
            border: UiRect::all(px(size::BORDER * 2.0)),
            border_radius: BorderRadius::all(px(size::RADIUS)),
            ..default()
        },
    )
}

/// A focusable button of `kind` laid out by `node`, painted by the theme (fill, stroke,
/// focus ring follow hover, press and focus).
pub fn themed_button(kind: ButtonKind, node: Node) -> impl Bundle {
    (
        Button,
        ThemeButton(kind),
        Hovered::default(),
        TabIndex(0),
        node,
        BackgroundColor(Color::NONE),
        BorderColor::all(Color::NONE),
        Outline::default(),
        Fill(Role::Raised),
        Stroke(Role::Border),
    )
}

fn focus_mark() -> impl Bundle {
    (
        Name::new("Focus Mark"),
        FocusMark,
        Node {
            position_type: PositionType::Absolute,
            left: px(14),
            ..default()
        },
        text(Caption::Text(String::new()), size::SMALL, Role::Focus),
    )
}

/// A menu button; `action` observes [`Activate`].
pub fn button<B: Bundle, M, I>(caption: impl Into<Caption>, action: I) -> impl Bundle
where
    I: IntoObserverSystem<Activate, B, M> + Send + Sync,
    M: Send + Sync + 'static,
{
    (
        Name::new("Button"),
        button_base(
            ButtonKind::Secondary,
            size::BUTTON_WIDTH,
            size::BUTTON_HEIGHT,
            36.0,
        ),
        observe(action),
        children![focus_mark(), text(caption, size::BUTTON_TEXT, Role::Text)],
    )
}

/// The main button of a screen (accent border).
pub fn primary_button<B: Bundle, M, I>(caption: impl Into<Caption>, action: I) -> impl Bundle
where
    I: IntoObserverSystem<Activate, B, M> + Send + Sync,
    M: Send + Sync + 'static,
{
    (
        Name::new("Primary Button"),
        button_base(
            ButtonKind::Primary,
            size::BUTTON_WIDTH,
            size::BUTTON_HEIGHT,
            36.0,
        ),
        observe(action),
        children![focus_mark(), text(caption, size::BUTTON_TEXT, Role::Text)],
    )
}

/// One option of a set, with a ●/○ marker; add [`super::interaction::Selected`] to the
/// chosen one.
pub fn choice<B: Bundle, M, I>(caption: impl Into<Caption>, action: I) -> impl Bundle
where
    I: IntoObserverSystem<Activate, B, M> + Send + Sync,
    M: Send + Sync + 'static,
{
    (
        Name::new("Choice"),
        button_base(
            ButtonKind::Choice,
            size::CHOICE_WIDTH,
            size::BUTTON_HEIGHT - 6.0,
            28.0,
        ),
        observe(action),
        children![
            focus_mark(),
            (
                ChoiceMark,
                text(Caption::Text("○".into()), size::TEXT, Role::Text)
            ),
            text(caption, size::TEXT, Role::Text)
        ],
    )
}

/// A small square button showing one symbol (such as − or +).
pub fn icon_button<B: Bundle, M, I>(glyph: &'static str, action: I) -> impl Bundle
where
    I: IntoObserverSystem<Activate, B, M> + Send + Sync,
    M: Send + Sync + 'static,
{
    (
        Name::new("Icon Button"),
        button_base(
            ButtonKind::Secondary,
            size::ICON_BUTTON,
            size::ICON_BUTTON,
            0.0,
        ),
        observe(action),
        children![text(
            Caption::Text(glyph.into()),
            size::HEADER * 0.8,
            Role::Text
        )],
    )
}
