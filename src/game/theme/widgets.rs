//! The one widget kit: functions that each return a bundle to spawn, styled by role so
//! palette and language changes repaint it in place. Buttons take their action as an
//! observer of `Activate` (sent by a click, or Enter / Space on the focused button).
//!
//! Two sizes of controls: the large menu widgets of the title and settings screens
//! (`menu_button`, `menu_choice`, `panel`, `row`) and the compact ones every play screen
//! builds from (dense text, `button` and `choice` with a [`FocusKey`], boxes, columns and
//! [`scroll_column`]).
//!
//! ```text
//! commands.spawn((
//!     widgets::ui_root("Title Screen"),
//!     DespawnOnExit(Screen::Title),
//!     children![
//!         widgets::title("app.title"),
//!         widgets::menu_button("title.settings", open_settings),
//!     ],
//! ));
//! ```

use bevy::ecs::system::IntoObserverSystem;
use bevy::input_focus::tab_navigation::{TabGroup, TabIndex};
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, Button, observe};

use super::focus::FocusKey;
use super::interaction::{ButtonKind, ChoiceMark, FocusMark, ThemeButton};
use super::palette::Role;
pub use super::scroll::scroll_column;
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

/// The ▶ of a menu button, left of its centred caption, while it has the visible focus.
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

/// A menu button (title, settings); `action` observes [`Activate`].
pub fn menu_button<B: Bundle, M, I>(caption: impl Into<Caption>, action: I) -> impl Bundle
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

/// The main menu button of a screen (accent border).
pub fn primary_menu_button<B: Bundle, M, I>(caption: impl Into<Caption>, action: I) -> impl Bundle
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

/// One option of a menu set, with a ●/○ marker; add [`super::interaction::Selected`] to
/// the chosen one.
pub fn menu_choice<B: Bundle, M, I>(caption: impl Into<Caption>, action: I) -> impl Bundle
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

// ---- the compact kit of the play screens ----------------------------------------------

/// Small text (hints, cards, lists) in a colour role.
pub fn small(caption: impl Into<Caption>, role: Role) -> impl Bundle {
    text(caption, size::SMALL, role)
}

/// Body-size text in a colour role.
pub fn body(caption: impl Into<Caption>, role: Role) -> impl Bundle {
    text(caption, size::TEXT, role)
}

/// A section heading inside a panel (the screen's title is `widgets::header`).
pub fn heading(caption: impl Into<Caption>) -> impl Bundle {
    (
        Name::new("Section"),
        text(caption, size::HEADING, Role::Heading),
    )
}

/// Literal text (already in the player's language).
pub fn lit(s: impl Into<String>) -> Caption {
    Caption::Text(s.into())
}

/// A compact button (one or more lines of small text), `width` wide; `action` observes
/// [`Activate`] like every themed button. Add a [`FocusKey`] to keep the focus across
/// rebuilds, or use [`button`], which has one.
pub fn compact_button<B: Bundle, M, I>(
    caption: impl Into<Caption>,
    width: Val,
    action: I,
) -> impl Bundle
where
    I: IntoObserverSystem<Activate, B, M> + Send + Sync,
    M: Send + Sync + 'static,
{
    compact_button_in(caption, compact_layout(width), action)
}

/// The node of a [`compact_button`] `width` wide.
pub fn compact_layout(width: Val) -> Node {
    let mut node = Node { width, ..default() };
    compact_node(&mut node);
    node
}

/// A [`compact_button`] with a [`FocusKey`], drawn as `kind` (a screen's main action is
/// [`ButtonKind::Primary`]).
pub fn button<B: Bundle, M, I>(
    caption: impl Into<Caption>,
    key: &str,
    kind: ButtonKind,
    action: I,
) -> impl Bundle
where
    I: IntoObserverSystem<Activate, B, M> + Send + Sync,
    M: Send + Sync + 'static,
{
    // Centred: a button stretched across a column keeps its words in the middle.
    let mut node = Node {
        justify_content: JustifyContent::Center,
        ..default()
    };
    compact_node(&mut node);
    (
        Name::new("Compact Button"),
        themed_button(kind, node),
        FocusKey(key.to_string()),
        observe(action),
        children![inline_focus_mark(), small(caption, Role::Text)],
    )
}

/// A compact choice of a set (●/○ marker) with a [`FocusKey`]; add
/// [`Selected`](super::interaction::Selected) to the chosen one.
pub fn choice<B: Bundle, M, I>(caption: impl Into<Caption>, key: &str, action: I) -> impl Bundle
where
    I: IntoObserverSystem<Activate, B, M> + Send + Sync,
    M: Send + Sync + 'static,
{
    let mut node = Node::default();
    compact_node(&mut node);
    (
        Name::new("Compact Choice"),
        themed_button(ButtonKind::Choice, node),
        FocusKey(key.to_string()),
        observe(action),
        children![
            inline_focus_mark(),
            (ChoiceMark, small(Caption::Text("○".into()), Role::Text)),
            small(caption, Role::Text),
        ],
    )
}

/// A [`compact_button`] without a border, for a button that sits straight on the window's
/// background, where its fill alone stands out (the board): with Bevy's UI renderer a
/// border is a second quad as large as the button.
pub fn flat_button<B: Bundle, M, I>(
    caption: impl Into<Caption>,
    width: Val,
    action: I,
) -> impl Bundle
where
    I: IntoObserverSystem<Activate, B, M> + Send + Sync,
    M: Send + Sync + 'static,
{
    compact_button_in(caption, flat_layout(width), action)
}

/// A [`flat_button`] as wide as its caption, indented by `levels` steps of
/// [`size::INDENT`] (the rows of a tree).
pub fn indented_flat_button<B: Bundle, M, I>(
    caption: impl Into<Caption>,
    levels: usize,
    action: I,
) -> impl Bundle
where
    I: IntoObserverSystem<Activate, B, M> + Send + Sync,
    M: Send + Sync + 'static,
{
    let mut node = Node {
        margin: UiRect::left(px(size::INDENT * levels as f32)),
        ..default()
    };
    flat_node(&mut node);
    compact_button_in(caption, node, action)
}

/// The node of a [`flat_button`] `width` wide.
pub fn flat_layout(width: Val) -> Node {
    let mut node = Node { width, ..default() };
    flat_node(&mut node);
    node
}

/// A compact button laid out by `node` (see [`compact_node`] and [`flat_node`]).
pub fn compact_button_in<B: Bundle, M, I>(
    caption: impl Into<Caption>,
    node: Node,
    action: I,
) -> impl Bundle
where
    I: IntoObserverSystem<Activate, B, M> + Send + Sync,
    M: Send + Sync + 'static,
{
    (
        Name::new("Compact Button"),
        themed_button(ButtonKind::Secondary, node),
        observe(action),
        children![inline_focus_mark(), small(caption, Role::Text)],
    )
}

/// A one-line text field `width` wide showing `shown` (the text typed, with a caret while
/// it has the focus, or a muted example when empty), with a [`FocusKey`]. Tab, the arrows
/// and a click focus it like a button; the screen's own system types into the focused field.
pub fn text_field(
    shown: impl Into<Caption>,
    placeholder: bool,
    key: &str,
    width: f32,
) -> impl Bundle {
    (
        Name::new("Text Field"),
        ThemeButton(ButtonKind::Secondary),
        Hovered::default(),
        TabIndex(0),
        Node {
            width: px(width),
            min_height: px(40),
            flex_direction: FlexDirection::Row,
            align_items: AlignItems::Center,
            padding: UiRect::axes(px(12), px(6)),
            border: UiRect::all(px(size::BORDER * 2.0)),
            border_radius: BorderRadius::all(px(size::RADIUS * 0.75)),
            overflow: Overflow::clip(),
            ..default()
        },
        BackgroundColor(Color::NONE),
        BorderColor::all(Color::NONE),
        Outline::default(),
        Fill(Role::Surface),
        Stroke(Role::Border),
        FocusKey(key.to_string()),
        observe(
            |press: On<Pointer<Press>>, mut focus: ResMut<bevy::input_focus::InputFocus>| {
                focus.set(press.entity, bevy::input_focus::FocusCause::Pressed);
            },
        ),
        // The text sits in a node of its own so the button styling leaves its colour alone.
        children![(
            Node::default(),
            children![text(
                shown,
                size::TEXT,
                if placeholder { Role::Muted } else { Role::Text }
            )],
        )],
    )
}

/// The ▶ shown in a compact button, before its caption, while it has the visible focus.
fn inline_focus_mark() -> impl Bundle {
    (
        Name::new("Focus Mark"),
        FocusMark,
        small(Caption::Text(String::new()), Role::Focus),
    )
}

/// The layout of a compact button, applied to `node` (keeps its width and margin).
pub fn compact_node(node: &mut Node) {
    node.min_height = px(30);
    node.flex_direction = FlexDirection::Row;
    node.align_items = AlignItems::Center;
    node.column_gap = px(4);
    node.padding = UiRect::axes(px(8), px(3));
    node.border = UiRect::all(px(size::BORDER * 2.0));
    node.border_radius = BorderRadius::all(px(size::RADIUS * 0.75));
    node.flex_shrink = 0.0;
}

/// The layout of a [`flat_button`]: [`compact_node`] without the border (the padding
/// grows by the border's width, so the text sits where it would in a compact button).
pub fn flat_node(node: &mut Node) {
    compact_node(node);
    node.border = UiRect::ZERO;
    node.padding = UiRect::axes(px(8.0 + size::BORDER * 2.0), px(3.0 + size::BORDER * 2.0));
}

/// A column of a dense screen without fill or border (the board): columns are told apart
/// by [`divider`]s between them, which cost a hairline rather than a panel-sized quad.
///
/// `width` is what the column gets when the row has room; in a narrower (or scaled-up)
/// window it shrinks with the other columns of the row, in proportion to its width, so no
/// column is pushed out of the window or squeezed to nothing.
pub fn column(width: Val, height: Val) -> impl Bundle {
    (
        Name::new("Column"),
        Node {
            width,
            height,
            min_width: px(0),
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(px(8), px(6)),
            row_gap: px(6),
            overflow: Overflow::clip(),
            flex_shrink: 1.0,
            ..default()
        },
    )
}

/// A [`column`] that takes the width left over in its row (at least its share
/// [`size::GROW_BASIS`] when the row is short of room: then every column gives way).
pub fn grow_column() -> impl Bundle {
    (
        Name::new("Column"),
        Node {
            flex_grow: 1.0,
            flex_basis: px(size::GROW_BASIS),
            min_width: px(0),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(px(8), px(6)),
            row_gap: px(6),
            overflow: Overflow::clip(),
            ..default()
        },
    )
}

/// A vertical hairline between two [`column`]s.
pub fn divider() -> impl Bundle {
    (
        Name::new("Divider"),
        Node {
            width: px(size::BORDER),
            align_self: AlignSelf::Stretch,
            flex_shrink: 0.0,
            ..default()
        },
        BackgroundColor(Color::NONE),
        Fill(Role::Border),
    )
}

/// A box laid out in a column with a hairline border (a panel of a dense screen);
/// `Val::Auto` height stretches it across its row.
pub fn boxed(width: Val, height: Val) -> impl Bundle {
    box_in(Node {
        width,
        height,
        // Gives way, like a `column`, when its row is short of room.
        min_width: px(0),
        min_height: px(0),
        ..default()
    })
}

/// A [`boxed`] column that takes the width left over in its row (its share
/// [`size::GROW_BASIS`] when the row is short of room, like [`grow_column`]).
pub fn grow_box() -> impl Bundle {
    box_in(Node {
        flex_grow: 1.0,
        flex_basis: px(size::GROW_BASIS),
        min_width: px(0),
        height: percent(100),
        ..default()
    })
}

/// The padding inside a [`boxed`] panel.
const BOX_PAD: f32 = 10.0;

/// A box sized by `sizing`: a clipped column with padding and a hairline border.
fn box_in(sizing: Node) -> impl Bundle {
    box_look(Node {
        flex_direction: FlexDirection::Column,
        padding: UiRect::all(px(BOX_PAD)),
        row_gap: px(6),
        border: UiRect::all(px(size::BORDER)),
        border_radius: BorderRadius::all(px(size::RADIUS)),
        overflow: Overflow::clip(),
        ..sizing
    })
}

/// A box that fills the rest of its column's height and does not clip: the body of a
/// tabbed screen (the debrief), whose sections scroll inside it.
pub fn tab_body() -> impl Bundle {
    box_look(Node {
        width: percent(100),
        flex_grow: 1.0,
        flex_basis: px(0),
        min_height: px(0),
        flex_direction: FlexDirection::Column,
        padding: UiRect::all(px(12)),
        row_gap: px(6),
        border: UiRect::all(px(size::BORDER)),
        border_radius: BorderRadius::all(px(size::RADIUS)),
        ..default()
    })
}

/// The fill and hairline border of a box laid out by `node`.
fn box_look(node: Node) -> impl Bundle {
    (
        Name::new("Box"),
        node,
        BackgroundColor(Color::NONE),
        BorderColor::all(Color::NONE),
        Fill(Role::Surface),
        Stroke(Role::Border),
    )
}

/// The layout of text that takes the rest of a row and wraps there. A definite width
/// (rather than a maximum) keeps wrapped Chinese text from overlapping the next row.
pub fn fill_row() -> Node {
    Node {
        flex_grow: 1.0,
        flex_shrink: 1.0,
        flex_basis: px(0),
        min_width: px(0),
        ..default()
    }
}

/// A row of items with a gap, centred vertically.
pub fn hrow(gap: f32) -> impl Bundle {
    Node {
        flex_direction: FlexDirection::Row,
        align_items: AlignItems::Center,
        column_gap: px(gap),
        ..default()
    }
}

/// The full-window root of a dense screen: a column with padding, no fill (the window's
/// clear colour is the background); the screen's tab group.
pub fn screen_root(name: &'static str) -> impl Bundle {
    dense_root(name, UiRect::axes(px(20), px(14)), 10.0)
}

/// A [`screen_root`] with `pad` logical pixels of padding all round and `gap` between its
/// rows (the denser play screens).
pub fn screen_root_padded(name: &'static str, pad: f32, gap: f32) -> impl Bundle {
    dense_root(name, UiRect::all(px(pad)), gap)
}

fn dense_root(name: &'static str, padding: UiRect, gap: f32) -> impl Bundle {
    (
        Name::new(name),
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            padding,
            row_gap: px(gap),
            ..default()
        },
        TabGroup::new(0),
    )
}

/// A column of items with a gap: a section's container inside a panel.
pub fn vstack(gap: f32) -> impl Bundle {
    Node {
        flex_direction: FlexDirection::Column,
        row_gap: px(gap),
        ..default()
    }
}

/// The row of a screen's columns, taking the rest of the screen's height.
pub fn columns(gap: f32) -> impl Bundle {
    Node {
        flex_direction: FlexDirection::Row,
        column_gap: px(gap),
        flex_grow: 1.0,
        min_height: px(0),
        ..default()
    }
}

/// An empty node that takes the rest of its column (pushes what follows to the bottom).
pub fn spacer() -> impl Bundle {
    Node {
        flex_grow: 1.0,
        ..default()
    }
}

/// A line of a tree's connectors, in the cells left of a row (see [`tree_guide`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Guide {
    /// An ancestor's line passes by: │
    Pipe,
    /// Nothing at this level.
    Blank,
    /// This row, with siblings below: ├─
    Tee,
    /// This row, the last of its siblings: └─
    Elbow,
}

/// One cell of a tree's connectors under `row`: [`size::INDENT`] wide and as tall as the
/// row, its lines drawn with UI nodes (kept in the window's picture like any other node).
pub fn tree_guide(row: &mut ChildSpawnerCommands, guide: Guide) {
    let half = size::INDENT / 2.0 - size::TREE_LINE / 2.0;
    let line = |node: Node| (node, BackgroundColor(Color::NONE), Fill(Role::Border));
    row.spawn((
        Name::new("Tree Guide"),
        Node {
            width: px(size::INDENT),
            flex_shrink: 0.0,
            ..default()
        },
    ))
    .with_children(|cell| {
        let bottom = match guide {
            Guide::Blank => return,
            Guide::Pipe | Guide::Tee => px(0),
            Guide::Elbow => percent(50),
        };
        cell.spawn(line(Node {
            position_type: PositionType::Absolute,
            left: px(half),
            top: px(0),
            bottom,
            width: px(size::TREE_LINE),
            ..default()
        }));
        if matches!(guide, Guide::Tee | Guide::Elbow) {
            cell.spawn(line(Node {
                position_type: PositionType::Absolute,
                left: px(half),
                right: px(0),
                top: percent(50),
                height: px(size::TREE_LINE),
                ..default()
            }));
        }
    });
}

/// A row of a tree: its connector cells, then its card; no gap between rows, so the
/// connectors of consecutive rows meet.
pub fn tree_row() -> impl Bundle {
    (
        Name::new("Tree Row"),
        Node {
            flex_direction: FlexDirection::Row,
            align_items: AlignItems::Stretch,
            padding: UiRect::vertical(px(size::TREE_ROW_GAP / 2.0)),
            flex_shrink: 0.0,
            ..default()
        },
    )
}

/// A card that is a button (a person on the org chart): a flat button laid out as a
/// column that takes the rest of its row; the screen spawns its lines inside.
pub fn card_button<B: Bundle, M, I>(action: I) -> impl Bundle
where
    I: IntoObserverSystem<Activate, B, M> + Send + Sync,
    M: Send + Sync + 'static,
{
    let mut node = Node {
        flex_grow: 1.0,
        flex_basis: px(0),
        min_width: px(0),
        ..default()
    };
    flat_node(&mut node);
    node.flex_direction = FlexDirection::Column;
    node.align_items = AlignItems::Stretch;
    node.row_gap = px(2);
    (
        Name::new("Card Button"),
        themed_button(ButtonKind::Secondary, node),
        observe(action),
    )
}

/// A small badge: a symbol and a word (never colour alone), on a faint pill.
pub fn badge(caption: impl Into<Caption>, role: Role) -> impl Bundle {
    (
        Name::new("Badge"),
        Node {
            padding: UiRect::axes(px(5), px(0)),
            border: UiRect::all(px(size::BORDER)),
            border_radius: BorderRadius::all(px(size::RADIUS)),
            ..default()
        },
        BorderColor::all(Color::NONE),
        Stroke(Role::Border),
        children![small(caption, role)],
    )
}

/// A row of badges that wraps.
pub fn badge_row() -> impl Bundle {
    Node {
        flex_direction: FlexDirection::Row,
        flex_wrap: FlexWrap::Wrap,
        column_gap: px(4),
        row_gap: px(2),
        ..default()
    }
}

/// How often something was done, in a column of its own beside its button ("×2"; empty
/// for never), so a button's caption never changes size.
pub fn counter(n: u32) -> impl Bundle {
    (
        Name::new("Counter"),
        Node {
            width: px(size::COUNTER),
            flex_shrink: 0.0,
            justify_content: JustifyContent::Center,
            ..default()
        },
        children![small(
            Caption::Text(if n > 0 {
                format!("×{n}")
            } else {
                String::new()
            }),
            Role::Muted
        )],
    )
}
