//! Scroll lists: scrollbars that follow the scroll, PageDown on the board.

use super::*;
use crate::game::theme::{scroll::ScrollList, widgets};
use bevy::ui::UiGlobalTransform;
use bevy::ui_widgets::{Scrollbar, ScrollbarThumb};

/// A list's scrollbar: whether it shows, the track's height, and the thumb's height and
/// top (logical pixels from the top of the track).
#[derive(Debug, Clone, Copy)]
struct Bar {
    shown: bool,
    track: f32,
    thumb: f32,
    top: f32,
}

fn bar_of(app: &mut App, list: Entity) -> Bar {
    let world = app.world_mut();
    let mut bars = world.query::<(&Scrollbar, &Visibility, &ComputedNode, &Children)>();
    let found: Vec<_> = bars
        .iter(world)
        .filter(|(b, ..)| b.target == list)
        .map(|(_, v, n, c)| (*v, n.size().y, c.iter().collect::<Vec<_>>()))
        .collect();
    assert_eq!(found.len(), 1, "one scrollbar per list");
    let (visibility, track, children) = found.into_iter().next().unwrap();
    let mut thumbs =
        world.query_filtered::<(&ComputedNode, &UiGlobalTransform), With<ScrollbarThumb>>();
    let (thumb_h, thumb_centre) = children
        .iter()
        .find_map(|c| thumbs.get(world, *c).ok())
        .map(|(n, t)| (n.size().y, t.translation.y))
        .expect("the scrollbar has a thumb");
    let mut nodes = world.query::<(&Scrollbar, &UiGlobalTransform)>();
    let track_centre = nodes
        .iter(world)
        .find(|(b, _)| b.target == list)
        .map(|(_, t)| t.translation.y)
        .unwrap();
    Bar {
        shown: visibility != Visibility::Hidden,
        track,
        thumb: thumb_h,
        top: (thumb_centre - thumb_h / 2.0) - (track_centre - track / 2.0),
    }
}

fn scroll_y(app: &App, list: Entity) -> f32 {
    app.world().get::<ScrollPosition>(list).unwrap().y
}

fn settle(app: &mut App) {
    wait_quiet(app);
}

/// A list longer than its box shows a scrollbar whose thumb is as long as the share of
/// the list in view and moves with PageDown / End / Home; a list that fits shows none.
#[test]
fn an_overflowing_list_shows_a_scrollbar_that_follows_the_scroll() {
    const ROW: f32 = 30.0;
    let dir = TempDir::new("scrollbar");
    let mut app = laid_out_app(dir.paths(), 800, 600);
    let spawn_list = |app: &mut App, rows: usize| -> Entity {
        let mut list = Entity::PLACEHOLDER;
        app.world_mut()
            .spawn(widgets::boxed(px(300), px(400)))
            .with_children(|b| {
                list = b
                    .spawn(widgets::scroll_column(0.0))
                    .with_children(|l| {
                        for _ in 0..rows {
                            l.spawn(Node {
                                height: px(ROW),
                                flex_shrink: 0.0,
                                ..default()
                            });
                        }
                    })
                    .id();
            });
        list
    };
    let long = spawn_list(&mut app, 40);
    let short = spawn_list(&mut app, 3);
    settle(&mut app);

    let fits = bar_of(&mut app, short);
    assert!(!fits.shown, "a list that fits shows no scrollbar: {fits:?}");

    let bar = bar_of(&mut app, long);
    assert!(bar.shown, "an overflowing list shows its scrollbar");
    let visible = app.world().get::<ComputedNode>(long).unwrap().size().y;
    // The rows and, above and below them, the room kept for the focus ring.
    let content = 40.0 * ROW + 4.0 * crate::game::theme::size::FOCUS_RING;
    assert!(
        (bar.track - visible).abs() < 1.0,
        "the track runs the list's height"
    );
    let want = bar.track * visible / content;
    assert!(
        (bar.thumb - want).abs() < 1.0,
        "thumb {} ≈ track × visible ÷ total {want}",
        bar.thumb
    );
    assert!(bar.top.abs() < 0.5, "at the top: {bar:?}");

    // The title screen's button has the focus (no list holds it): PageDown scrolls every
    // list that can scroll, and the thumb follows.
    key(&mut app, KeyCode::PageDown);
    settle(&mut app);
    let y = scroll_y(&app, long);
    assert!(y > 0.0, "PageDown scrolled the long list");
    assert_eq!(
        scroll_y(&app, short),
        0.0,
        "a list that fits does not scroll"
    );
    let moved = bar_of(&mut app, long);
    let want_top = y / (content - visible) * (bar.track - bar.thumb);
    assert!(
        moved.top > 1.0 && (moved.top - want_top).abs() < 1.0,
        "the thumb moved down by the share scrolled: {moved:?}, want top {want_top}"
    );

    key(&mut app, KeyCode::End);
    settle(&mut app);
    let end = bar_of(&mut app, long);
    assert!(
        (end.top + end.thumb - end.track).abs() < 1.0,
        "End puts the thumb at the bottom: {end:?}"
    );
    key(&mut app, KeyCode::Home);
    settle(&mut app);
    assert_eq!(scroll_y(&app, long), 0.0);
    assert!(bar_of(&mut app, long).top.abs() < 0.5);
}

/// PageDown scrolls the board too (it used to work on the end-game screens only), and
/// only the list that holds the keyboard focus.
#[test]
fn page_down_scrolls_the_list_with_the_focus_on_the_board() {
    use crate::game::dev::bench::{BENCH_SCENARIO, BENCH_WEEK};
    let dir = TempDir::new("boardkeys");
    // A short window, so the largest cast's chart overflows even without text.
    let mut app = laid_out_app(dir.paths(), 1280, 300);
    let scn = app
        .world()
        .resource::<Catalog>()
        .find(BENCH_SCENARIO)
        .unwrap();
    let s = crate::game::screens::play::expert_session(scn, 7, BENCH_WEEK);
    let (first, _) = crate::game::screens::board_org_order(&s.game)[0];
    app.insert_resource(s);
    go_to(&mut app, Screen::Board);
    settle(&mut app);
    let card = focus_on(&mut app, &format!("person{first}"));
    let chart = ancestor_with::<ScrollList>(&app, card).expect("the chart is a scroll list");
    let lists: Vec<Entity> = {
        let world = app.world_mut();
        let mut q = world.query_filtered::<Entity, With<ScrollList>>();
        q.iter(world).collect()
    };
    assert!(lists.len() >= 3, "the board has its three scroll lists");
    assert!(bar_of(&mut app, chart).shown, "the chart overflows");
    let before = bar_of(&mut app, chart);

    key(&mut app, KeyCode::PageDown);
    settle(&mut app);
    assert!(scroll_y(&app, chart) > 0.0, "PageDown scrolled the chart");
    assert!(bar_of(&mut app, chart).top > before.top, "and its thumb");
    for other in lists.into_iter().filter(|&l| l != chart) {
        assert_eq!(scroll_y(&app, other), 0.0, "the other lists stay put");
    }
    assert_eq!(
        focused(&app),
        Some(card),
        "scrolling leaves the focus alone"
    );
}
