//! Dense building blocks shared by the play screens (select, briefing, board, stakeholder,
//! meeting): compact buttons, scroll areas, text blocks, focus kept across rebuilds, and a
//! few words (refusals, bars) the engine leaves to the UI.
//!
//! The play screens rebuild their whole UI when the [`Session`](crate::game::session::Session)
//! or the settings change; [`FocusKey`] on a button lets the keyboard focus come back to the
//! same control after the rebuild.

use bevy::ecs::system::IntoObserverSystem;
use bevy::input_focus::InputFocus;
use bevy::input_focus::tab_navigation::TabIndex;
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::ui_widgets::{Activate, Button, ScrollArea, ScrollIntoView, observe};

use crate::game::theme::interaction::FocusMark;
use crate::game::theme::prelude::*;
use crate::i18n::{Lang, tr, trf};
use crate::sim::{Act, Game, Illegal};

pub(super) fn plugin(app: &mut App) {
    app.init_resource::<PendingFocus>();
    app.add_systems(
        Update,
        (
            restore_focus,
            scroll_focus_into_view.run_if(resource_changed::<InputFocus>),
        ),
    );
}

/// Names a button so the focus can return to it after the screen is rebuilt.
#[derive(Component, Debug, Clone, PartialEq, Eq)]
pub struct FocusKey(pub String);

/// A coach topic (locale key) shown in the screen's coach panel while the button has focus.
#[derive(Component, Debug, Clone, Copy, PartialEq, Eq)]
pub struct CoachTopic(pub &'static str);

/// The coach panel's text, rewritten when a button with a [`CoachTopic`] takes the focus.
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct CoachText;

/// The focus key to restore once the rebuilt screen has spawned it.
#[derive(Resource, Debug, Default)]
pub struct PendingFocus(pub Option<String>);

/// The key of the focused button, to pass to [`PendingFocus`] before a rebuild.
pub fn focused_key(focus: &InputFocus, keys: &Query<&FocusKey>) -> Option<String> {
    focus
        .get()
        .and_then(|e| keys.get(e).ok())
        .map(|k| k.0.clone())
}

/// Frames a focus key is waited for before giving up (the control may be gone).
const FOCUS_WAIT_FRAMES: u8 = 3;

fn restore_focus(
    mut pending: ResMut<PendingFocus>,
    keys: Query<(Entity, &FocusKey), Added<FocusKey>>,
    nodes: Query<(), With<Node>>,
    mut focus: ResMut<InputFocus>,
    mut waited: Local<u8>,
    topics: Query<&CoachTopic>,
    mut coach: Query<&mut Caption, With<CoachText>>,
) {
    if let Some(want) = &pending.0 {
        if let Some((e, _)) = keys.iter().find(|(_, k)| &k.0 == want) {
            focus.set(e, bevy::input_focus::FocusCause::Navigated);
            pending.0 = None;
            *waited = 0;
        } else {
            *waited += 1;
            if *waited > FOCUS_WAIT_FRAMES {
                pending.0 = None;
                *waited = 0;
            }
        }
    }
    // A focus left on a despawned control would stop Tab and the arrows: start afresh.
    if pending.0.is_none()
        && let Some(e) = focus.get()
        && !nodes.contains(e)
    {
        focus.clear();
    }
    // The coach follows the focus (also right after a rebuild).
    if focus.is_changed()
        && let Some(topic) = focus.get().and_then(|e| topics.get(e).ok())
    {
        for mut c in &mut coach {
            let new = Caption::Key(topic.0);
            if *c != new {
                *c = new;
            }
        }
    }
}

fn scroll_focus_into_view(focus: Res<InputFocus>, mut commands: Commands) {
    if let Some(entity) = focus.get() {
        commands.trigger(ScrollIntoView { entity });
    }
}

/// Small text (hints, cards, lists) in a colour role.
pub fn small(caption: impl Into<Caption>, role: Role) -> impl Bundle {
    widgets::text(caption, size::SMALL, role)
}

/// Body-size text in a colour role.
pub fn body(caption: impl Into<Caption>, role: Role) -> impl Bundle {
    widgets::text(caption, size::TEXT, role)
}

/// A section heading inside a panel.
pub fn heading(caption: impl Into<Caption>) -> impl Bundle {
    (
        Name::new("Section"),
        widgets::text(caption, size::TEXT, Role::Heading),
    )
}

/// A compact button (one or more lines of small text), `width` wide; `action` observes
/// [`Activate`] like every themed button.
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
        Button,
        ThemeButton(ButtonKind::Secondary),
        Hovered::default(),
        TabIndex(0),
        node,
        BackgroundColor(Color::NONE),
        BorderColor::all(Color::NONE),
        Outline::default(),
        Fill(Role::Raised),
        Stroke(Role::Border),
        observe(action),
        children![
            (
                Name::new("Focus Mark"),
                FocusMark,
                small(Caption::Text(String::new()), Role::Focus)
            ),
            small(caption, Role::Text),
        ],
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

/// A box laid out in a column with a hairline border (a panel of a dense screen).
pub fn boxed(width: Val, height: Val) -> impl Bundle {
    (
        Name::new("Box"),
        Node {
            width,
            height,
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(10)),
            row_gap: px(6),
            border: UiRect::all(px(size::BORDER)),
            border_radius: BorderRadius::all(px(size::RADIUS)),
            overflow: Overflow::clip(),
            flex_shrink: 0.0,
            ..default()
        },
        BackgroundColor(Color::NONE),
        BorderColor::all(Color::NONE),
        Fill(Role::Surface),
        Stroke(Role::Border),
    )
}

/// A [`boxed`] column that takes the width left over in its row.
pub fn grow_box() -> impl Bundle {
    (
        Name::new("Box"),
        Node {
            flex_grow: 1.0,
            flex_basis: px(0),
            min_width: px(0),
            height: percent(100),
            flex_direction: FlexDirection::Column,
            padding: UiRect::all(px(10)),
            row_gap: px(6),
            border: UiRect::all(px(size::BORDER)),
            border_radius: BorderRadius::all(px(size::RADIUS)),
            overflow: Overflow::clip(),
            ..default()
        },
        BackgroundColor(Color::NONE),
        BorderColor::all(Color::NONE),
        Fill(Role::Surface),
        Stroke(Role::Border),
    )
}

/// A column that scrolls vertically with the mouse wheel and follows the keyboard focus.
pub fn scroll_column(gap: f32) -> impl Bundle {
    (
        Name::new("Scroll"),
        Node {
            flex_direction: FlexDirection::Column,
            flex_grow: 1.0,
            flex_basis: px(0),
            min_height: px(0),
            row_gap: px(gap),
            overflow: Overflow::scroll_y(),
            ..default()
        },
        ScrollArea,
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

/// A 1–5 rating as dots and the number: "●●●○○ 3" (meaning never by colour alone).
pub fn bars(n: u8) -> String {
    let n = n.min(5) as usize;
    format!("{}{} {n}", "●".repeat(n), "○".repeat(5 - n))
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
        assert_eq!(bars(3), "●●●○○ 3");
    }

    /// Every locale key the play screens name exists in both languages (prefixes used with
    /// `describe::word` are checked through their values instead).
    #[test]
    fn every_key_the_play_screens_use_exists() {
        const SOURCES: [&str; 6] = [
            include_str!("select.rs"),
            include_str!("briefing.rs"),
            include_str!("board.rs"),
            include_str!("stakeholder.rs"),
            include_str!("meeting.rs"),
            include_str!("kit.rs"),
        ];
        const PREFIXES: [&str; 7] = [
            "sel.", "brief.", "board.", "sh.", "meet.", "coach.", "illegal.",
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
