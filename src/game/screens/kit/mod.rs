//! The one kit every screen builds from (title and settings excepted, which use the
//! theme's large widgets): dense text, compact buttons and choices, boxes, columns, scroll
//! lists with their scrollbars and key scrolling, focus kept across rebuilds, and a few
//! words (refusals, costs, dots) the engine leaves to the UI.
//!
//! Every screen rebuilds its whole UI when the [`Session`](crate::game::session::Session),
//! its own state or the settings change; a [`FocusKey`] on a control lets the keyboard
//! focus come back to the same control after the rebuild (`focus.rs`).

mod focus;
pub(crate) mod scroll;

pub use focus::{CoachText, CoachTopic, FocusKey, PendingFocus, focus_control, focused_key};
pub use scroll::scroll_column;

use bevy::ecs::system::IntoObserverSystem;
use bevy::input_focus::tab_navigation::TabGroup;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, observe};

use crate::game::theme::interaction::{ChoiceMark, FocusMark};
use crate::game::theme::prelude::*;
use crate::i18n::{Lang, tr, trf};
use crate::sim::{Act, Game, Illegal};

pub(super) fn plugin(app: &mut App) {
    app.add_plugins((focus::plugin, scroll::plugin));
}

/// Small text (hints, cards, lists) in a colour role.
pub fn small(caption: impl Into<Caption>, role: Role) -> impl Bundle {
    widgets::text(caption, size::SMALL, role)
}

/// Body-size text in a colour role.
pub fn body(caption: impl Into<Caption>, role: Role) -> impl Bundle {
    widgets::text(caption, size::TEXT, role)
}

/// A section heading inside a panel (the screen's title is `widgets::header`).
pub fn heading(caption: impl Into<Caption>) -> impl Bundle {
    (
        Name::new("Section"),
        widgets::text(caption, size::HEADING, Role::Heading),
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
    let mut node = Node { width, ..default() };
    compact_node(&mut node);
    compact_button_in(caption, node, action)
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
        compact_look(kind, node),
        FocusKey(key.to_string()),
        observe(action),
        children![focus_mark(), small(caption, Role::Text)],
    )
}

/// A compact choice of a set (●/○ marker) with a [`FocusKey`]; add [`Selected`] to the
/// chosen one.
pub fn choice<B: Bundle, M, I>(caption: impl Into<Caption>, key: &str, action: I) -> impl Bundle
where
    I: IntoObserverSystem<Activate, B, M> + Send + Sync,
    M: Send + Sync + 'static,
{
    let mut node = Node::default();
    compact_node(&mut node);
    (
        Name::new("Compact Choice"),
        compact_look(ButtonKind::Choice, node),
        FocusKey(key.to_string()),
        observe(action),
        children![
            focus_mark(),
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
        compact_look(ButtonKind::Secondary, node),
        observe(action),
        children![focus_mark(), small(caption, Role::Text)],
    )
}

/// What every compact button and choice is: a themed, focusable button laid out by `node`.
fn compact_look(kind: ButtonKind, node: Node) -> impl Bundle {
    widgets::themed_button(kind, node)
}

/// The ▶ shown in a button while it has the visible keyboard focus.
fn focus_mark() -> impl Bundle {
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
pub fn column(width: Val, height: Val) -> impl Bundle {
    (
        Name::new("Column"),
        Node {
            width,
            height,
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(px(8), px(6)),
            row_gap: px(6),
            overflow: Overflow::clip(),
            flex_shrink: 0.0,
            ..default()
        },
    )
}

/// A [`column`] that takes the width left over in its row.
pub fn grow_column() -> impl Bundle {
    (
        Name::new("Column"),
        Node {
            flex_grow: 1.0,
            flex_basis: px(0),
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
    panel(Node {
        width,
        height,
        min_height: px(0),
        ..default()
    })
}

/// A [`boxed`] column that takes the width left over in its row.
pub fn grow_box() -> impl Bundle {
    panel(Node {
        flex_grow: 1.0,
        flex_basis: px(0),
        min_width: px(0),
        height: percent(100),
        ..default()
    })
}

/// The padding inside a [`boxed`] panel.
const BOX_PAD: f32 = 10.0;

/// A panel sized by `sizing`: a clipped column with padding and a hairline border.
fn panel(sizing: Node) -> impl Bundle {
    (
        Name::new("Box"),
        Node {
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(BOX_PAD)),
            row_gap: px(6),
            border: UiRect::all(px(size::BORDER)),
            border_radius: BorderRadius::all(px(size::RADIUS)),
            overflow: Overflow::clip(),
            ..sizing
        },
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
    (
        Name::new(name),
        Node {
            position_type: PositionType::Absolute,
            width: percent(100),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            padding: UiRect::axes(px(20), px(14)),
            row_gap: px(10),
            ..default()
        },
        TabGroup::new(0),
    )
}

/// What an action will use, e.g. "销售 1 人日 · 费用 0.3 万元" (the engine's own price list).
pub fn cost_text(g: &Game, act: &Act, lang: Lang) -> String {
    let c = g.cost_of(act);
    let mut parts = Vec::new();
    if c.rep_days > 0 {
        parts.push(trf(lang, "cost.rep", &[("n", &c.rep_days.to_string())]));
    }
    if c.presales_days > 0 {
        parts.push(trf(
            lang,
            "cost.presales",
            &[("n", &c.presales_days.to_string())],
        ));
    }
    if matches!(act, Act::ExecutiveVisit(_)) {
        parts.push(tr(lang, "cost.exec").to_string());
    }
    if c.expense > 0.0 {
        parts.push(trf(
            lang,
            "cost.expense",
            &[("x", &format!("{:.1}", c.expense))],
        ));
    }
    if parts.is_empty() {
        return tr(lang, "cost.free").to_string();
    }
    parts.join(" · ")
}

/// The resources left this week in the words of locale `key` (`board.resources`, `sh.left`),
/// which names `{rep}`, `{presales}`, `{exec}`, `{spent}` and `{budget}`.
pub fn resources_left(g: &Game, lang: Lang, key: &str) -> String {
    trf(
        lang,
        key,
        &[
            ("rep", &g.rep_days_left().to_string()),
            ("presales", &g.presales_days_left().to_string()),
            ("exec", &g.executive_visits_left().to_string()),
            ("spent", &format!("{:.1}", g.spent())),
            ("budget", &format!("{:.1}", g.expense_budget())),
        ],
    )
}

/// Why the engine refused an action, in the player's language.
pub fn illegal(lang: Lang, why: &Illegal) -> String {
    let key = format!("illegal.{}", crate::sim::describe::snake(why));
    let s = tr(lang, &key);
    if s == key {
        why.to_string()
    } else {
        s.to_string()
    }
}

/// A count out of `max` as filled and empty dots and the numbers: "●●●○○ 3/5" (a 1–5
/// rating, negotiating power of 6); meaning never by colour alone.
pub fn dots(n: u32, max: u32) -> String {
    let n = n.min(max);
    format!(
        "{}{} {n}/{max}",
        "●".repeat(n as usize),
        "○".repeat((max - n) as usize)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_has_words_in_both_languages() {
        use Illegal::*;
        for why in [
            GameOver,
            WrongStage,
            UnknownPerson,
            NoContact,
            AlreadyContacted,
            NoRepDays,
            NoPresalesDays,
            NoExecutiveVisits,
            NoMoney,
            TenderIssued,
            TenderNotIssued,
            AlreadyBid,
            IntroducerUnwilling,
            BadBelief,
            BadPrice,
            AlreadyDone,
        ] {
            for lang in [Lang::Zh, Lang::En] {
                let key = format!("illegal.{}", crate::sim::describe::snake(&why));
                assert_ne!(tr(lang, &key), key, "missing {key}");
            }
        }
        assert_eq!(dots(3, 5), "●●●○○ 3/5");
        assert_eq!(dots(9, 6), "●●●●●● 6/6");
    }

    /// Every locale key the screens built from the kit name exists in both languages
    /// (prefixes used with `describe::word` are checked through their values instead).
    #[test]
    fn every_key_the_play_screens_use_exists() {
        const SOURCES: [&str; 12] = [
            include_str!("../select.rs"),
            include_str!("../briefing.rs"),
            include_str!("../board.rs"),
            include_str!("../stakeholder.rs"),
            include_str!("../meeting.rs"),
            include_str!("../tender.rs"),
            include_str!("../result.rs"),
            include_str!("../negotiation.rs"),
            include_str!("../debrief.rs"),
            include_str!("mod.rs"),
            include_str!("focus.rs"),
            include_str!("scroll.rs"),
        ];
        const PREFIXES: [&str; 12] = [
            "sel.", "brief.", "board.", "sh.", "meet.", "coach.", "illegal.", "tdr.", "res.",
            "neg.", "dbf.", "end.",
        ];
        const WORD_PREFIXES: [&str; 4] = [
            "sel.difficulty",
            "brief.tier",
            "brief.industry",
            "brief.procurement",
        ];
        let mut checked = 0;
        for src in SOURCES {
            for quoted in src.split('"').skip(1).step_by(2) {
                let is_key = PREFIXES.iter().any(|p| quoted.starts_with(p))
                    && quoted
                        .chars()
                        .all(|c| c.is_ascii_lowercase() || c == '_' || c == '.')
                    && !quoted.ends_with('.')
                    && !quoted.ends_with(".rs");
                if !is_key || WORD_PREFIXES.contains(&quoted) {
                    continue;
                }
                for lang in [Lang::Zh, Lang::En] {
                    assert_ne!(tr(lang, quoted), quoted, "{quoted} missing in {lang:?}");
                }
                checked += 1;
            }
        }
        assert!(checked > 100, "{checked}");
        use crate::scenario::schema::{Difficulty, Industry, Procurement, Tier};
        use crate::sim::describe::word;
        for lang in [Lang::Zh, Lang::En] {
            for d in [
                Difficulty::Tutorial,
                Difficulty::Standard,
                Difficulty::Advanced,
                Difficulty::Expert,
            ] {
                assert!(!word(lang, "sel.difficulty", d).starts_with("sel."));
            }
            for t in [Tier::Platinum, Tier::Gold, Tier::Silver] {
                assert!(!word(lang, "brief.tier", t).starts_with("brief."));
            }
            for i in [
                Industry::Government,
                Industry::Finance,
                Industry::Manufacturing,
                Industry::Healthcare,
                Industry::Energy,
                Industry::Education,
                Industry::Conglomerate,
                Industry::Telecom,
                Industry::Other,
            ] {
                assert!(!word(lang, "brief.industry", i).starts_with("brief."));
            }
            for p in [
                Procurement::OpenTender,
                Procurement::InvitedTender,
                Procurement::Negotiated,
                Procurement::SingleSource,
            ] {
                assert!(!word(lang, "brief.procurement", p).starts_with("brief."));
            }
        }
    }
}
