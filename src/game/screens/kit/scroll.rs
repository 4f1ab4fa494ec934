//! Scroll lists: a column that scrolls vertically with the mouse wheel, PageUp / PageDown /
//! Home / End and the keyboard focus.

use bevy::input_focus::InputFocus;
use bevy::prelude::*;
use bevy::ui_widgets::ScrollArea;

pub(super) fn plugin(app: &mut App) {
    app.add_systems(Update, scroll_with_keys);
}

/// A list that scrolls vertically (see [`scroll_column`]).
#[derive(Component, Debug, Clone, Copy, Default)]
pub struct ScrollList;

/// A column that scrolls vertically (mouse wheel, PageUp / PageDown / Home / End, and the
/// keyboard focus scrolled into view).
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
        ScrollList,
    )
}

/// The part of a list's height PageUp / PageDown move by (the rest stays in view).
const PAGE: f32 = 0.85;

/// PageUp / PageDown / Home / End scroll the list that holds the keyboard focus, or every
/// list of the screen when the focus is on none (a tab, a button bar).
fn scroll_with_keys(
    keys: Option<Res<ButtonInput<KeyCode>>>,
    focus: Res<InputFocus>,
    parents: Query<&ChildOf>,
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
        let visible = node.size().y * node.inverse_scale_factor;
        let content = node.content_size().y * node.inverse_scale_factor;
        let max = (content - visible).max(0.0);
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
