//! Scroll lists: a column that scrolls vertically with the mouse wheel, PageUp / PageDown /
//! Home / End and the keyboard focus, and shows a scrollbar while its content overflows.
//!
//! The scrollbar is `bevy_ui_widgets`' headless [`Scrollbar`]: a track laid out in the
//! list's right padding (the gutter, kept whether or not the bar shows, so text never
//! reflows under it) and a [`ScrollbarThumb`] that Bevy sizes to visible ÷ total and places
//! by the scroll offset after layout. Dragging the thumb scrolls; a click on the track pages.

use bevy::camera::visibility::VisibilitySystems;
use bevy::ecs::system::SystemParam;
use bevy::input_focus::InputFocus;
use bevy::picking::hover::Hovered;
use bevy::prelude::*;
use bevy::ui::{IgnoreScroll, UiGlobalTransform, UiSystems};
use bevy::ui_widgets::{
    ControlOrientation, ScrollArea, Scrollbar, ScrollbarDragState, ScrollbarThumb,
};

use crate::game::theme::ThemeSystems;
use crate::game::theme::prelude::*;

pub(super) fn plugin(app: &mut App) {
    app.add_observer(add_scrollbar);
    app.add_systems(
        Update,
        (scroll_with_keys, light_thumbs).before(ThemeSystems),
    );
    // After layout (the content's size is known), before visibility is propagated to the
    // thumb and to picking: a list that fits shows no bar in the frame it is drawn.
    app.add_systems(
        PostUpdate,
        show_scrollbars
            .after(UiSystems::Layout)
            .before(VisibilitySystems::VisibilityPropagate),
    );
}

/// A list that scrolls vertically and gets a scrollbar (see [`scroll_column`]).
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct ScrollList;

/// A column that scrolls vertically (mouse wheel, PageUp / PageDown / Home / End, and the
/// keyboard focus scrolled into view) with a scrollbar while its content overflows.
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
            // The scrollbar's gutter on the right; above and below, room for the focus
            // ring (width and offset) of the first and last rows, which the list clips.
            padding: UiRect {
                right: px(size::SCROLL_GUTTER),
                top: px(2.0 * size::FOCUS_RING),
                bottom: px(2.0 * size::FOCUS_RING),
                ..default()
            },
            ..default()
        },
        ScrollArea,
        ScrollList,
    )
}

/// Every scroll list gets its scrollbar as soon as it is spawned (hidden until layout
/// shows that its content overflows).
fn add_scrollbar(add: On<Add, ScrollList>, mut commands: Commands) {
    let list = add.entity;
    commands.entity(list).with_child(scrollbar(list));
}

/// A vertical scrollbar for `list`, laid out in its gutter: the track stays put while the
/// content scrolls.
fn scrollbar(list: Entity) -> impl Bundle {
    (
        Name::new("Scrollbar"),
        crate::game::screens::view::KeepOnRebuild,
        Node {
            position_type: PositionType::Absolute,
            top: px(0),
            bottom: px(0),
            right: px(0),
            width: px(size::SCROLLBAR),
            border_radius: BorderRadius::all(px(size::SCROLLBAR / 2.0)),
            ..default()
        },
        IgnoreScroll(BVec2::TRUE),
        Scrollbar::new(list, ControlOrientation::Vertical, size::SCROLL_THUMB_MIN),
        Visibility::Hidden,
        BackgroundColor(Color::NONE),
        Fill(Role::Raised),
        children![(
            Name::new("Scrollbar Thumb"),
            ScrollbarThumb {
                border_radius: BorderRadius::all(px(size::SCROLLBAR / 2.0)),
                border: UiRect::ZERO,
            },
            Hovered::default(),
            Fill(Role::Muted),
        )],
    )
}

/// How tall a laid-out list's rows are, from the top of its content to the bottom of its
/// last row (physical pixels; the scrollbar, laid out over the gutter, is not a row).
///
/// Taffy's own content size can be larger than the rows: it counts a wrapped text's
/// narrowest trial measurement (a Chinese line in a `flex-basis: 0` cell measured one
/// character wide, nine lines tall) as overflow, which would show a scrollbar on a list
/// that fits. What the player sees are the rows, so the rows decide.
#[derive(SystemParam)]
pub struct ListRows<'w, 's> {
    children: Query<'w, 's, &'static Children>,
    rows: Query<
        'w,
        's,
        (
            &'static ComputedNode,
            &'static UiGlobalTransform,
            &'static Node,
        ),
    >,
}

impl ListRows<'_, '_> {
    /// The height of `list`'s rows, or `None` when it is not laid out.
    pub fn height(&self, list: Entity) -> Option<f32> {
        let (node, at, _) = self.rows.get(list).ok()?;
        // Rows are drawn shifted up by the scroll offset; undo it to measure the content.
        let top = at.translation.y - node.size().y / 2.0 + node.border.min_inset.y
            - node.scroll_position.y;
        let bottom = self
            .children
            .get(list)
            .into_iter()
            .flatten()
            .filter_map(|c| self.rows.get(*c).ok())
            .filter(|(_, _, n)| n.position_type != PositionType::Absolute)
            .map(|(row, at, _)| at.translation.y + row.size().y / 2.0 - top)
            .fold(0.0, f32::max);
        Some(bottom + node.padding.max_inset.y)
    }

    /// Whether `list` holds more than it shows (one physical pixel of slack).
    pub fn overflows(&self, list: Entity) -> bool {
        let Ok((node, ..)) = self.rows.get(list) else {
            return false;
        };
        let shown = node.size().y - node.border.min_inset.y - node.border.max_inset.y;
        self.height(list).is_some_and(|h| h > shown + 1.0)
    }
}

/// Show a list's scrollbar only while its content overflows.
fn show_scrollbars(rows: ListRows, mut bars: Query<(&Scrollbar, &mut Visibility)>) {
    for (bar, mut visibility) in &mut bars {
        let want = if rows.overflows(bar.target) {
            Visibility::Inherited
        } else {
            Visibility::Hidden
        };
        visibility.set_if_neq(want);
    }
}

/// The thumb lights up under the pointer and while it is dragged.
#[allow(clippy::type_complexity)]
fn light_thumbs(
    mut thumbs: Query<
        (&Hovered, &ScrollbarDragState, &mut Fill),
        (
            With<ScrollbarThumb>,
            Or<(Changed<Hovered>, Changed<ScrollbarDragState>)>,
        ),
    >,
) {
    for (hovered, drag, mut fill) in &mut thumbs {
        let role = if hovered.get() || drag.dragging {
            Role::Text
        } else {
            Role::Muted
        };
        fill.set_if_neq(Fill(role));
    }
}

/// The part of a list's height PageUp / PageDown move by (the rest stays in view).
const PAGE: f32 = 0.85;

/// PageUp / PageDown / Home / End scroll the list that holds the keyboard focus, or every
/// list of the screen when the focus is on none (a tab, a button bar).
fn scroll_with_keys(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    focus: Res<InputFocus>,
    parents: Query<&ChildOf>,
    rows: ListRows,
    mut lists: Query<(Entity, &ComputedNode, &mut ScrollPosition), With<ScrollArea>>,
) {
    let Some(keys) = keys else { return };
    let pressed = [
        KeyCode::PageDown,
        KeyCode::PageUp,
        KeyCode::Home,
        KeyCode::End,
    ]
    .into_iter()
    .find(|k| keys.just_pressed(*k));
    let Some(pressed) = pressed else { return };
    let focused_list = focus
        .get()
        .and_then(|e| parents.iter_ancestors(e).find(|a| lists.contains(*a)));
    for (list, node, mut pos) in &mut lists {
        if focused_list.is_some_and(|f| f != list) {
            continue;
        }
        let Some(content) = rows.height(list) else {
            continue;
        };
        let visible = node.size().y * node.inverse_scale_factor;
        let max = (content * node.inverse_scale_factor - visible).max(0.0);
        let y = match pressed {
            KeyCode::PageDown => pos.y + visible * PAGE,
            KeyCode::PageUp => pos.y - visible * PAGE,
            KeyCode::Home => 0.0,
            _ => max,
        }
        .clamp(0.0, max);
        if pos.y != y {
            pos.y = y;
        }
    }
}
