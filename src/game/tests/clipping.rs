//! Nothing clipped: every screen, in both languages, laid out with its text measured in the
//! real bundled font, at 1280×720 and 1920×1080, at UI scale 1 and the largest the window
//! allows, and at an OS scale factor of 1.5. A text node fails when its box leaves its clip
//! region (its clipping ancestors' padding boxes; a scroll list's scroll axis excepted:
//! rows below the fold are fine) or the window, or when its laid-out text is larger than its
//! own box (cut off inside it).

use super::*;
use crate::game::settings::max_ui_scale_for;
use bevy::text::TextLayoutInfo;
use bevy::ui::{OverflowAxis, UiGlobalTransform};

/// How far (physical pixels) a box may stick out: layout rounding.
const SLACK: f32 = 1.0;

/// One layout to check.
#[derive(Debug, Clone, Copy)]
struct Case {
    screen: Screen,
    lang: Lang,
    /// The window in logical pixels.
    window: UVec2,
    /// The OS scale factor (physical pixels per logical pixel).
    os_scale: f32,
    ui_scale: f32,
}

impl Case {
    fn name(&self) -> String {
        format!(
            "{} ({}) at {}×{}, UI scale {}, OS scale {}",
            self.screen.slug(),
            self.lang.code(),
            self.window.x,
            self.window.y,
            self.ui_scale,
            self.os_scale
        )
    }
}

/// The screen laid out with its screenshot fixture (on `scenario`, default the tutorial)
/// and settled.
fn staged(case: Case, scenario: Option<&str>, catalog: Option<&Catalog>) -> (TempDir, App) {
    let dir = TempDir::new(&format!(
        "clip-{}-{}-{}-{}",
        case.screen.slug(),
        case.lang.code(),
        case.window.x,
        (case.ui_scale * 100.0) as u32
    ));
    let physical = (case.window.as_vec2() * case.os_scale).round().as_uvec2();
    let mut app = text_app(dir.paths(), physical, case.os_scale, |app| {
        app.insert_resource(Settings {
            lang: case.lang,
            ui_scale: case.ui_scale,
            ..Settings::default()
        });
        app.insert_state(case.screen);
        let staged = match catalog {
            Some(c) => crate::game::dev::screenshot::stage_screen_from(
                app,
                case.screen,
                c.clone(),
                scenario.unwrap_or("tutorial"),
            ),
            None => crate::game::dev::screenshot::stage_screen(app, case.screen, scenario),
        };
        staged.unwrap_or_else(|e| panic!("{}: {e}", case.name()));
    });
    for _ in 0..12 {
        app.update();
    }
    (dir, app)
}

/// A rectangle in logical pixels of the scaled UI (physical ÷ OS scale ÷ UI scale).
fn show(r: Rect, inverse: f32) -> String {
    format!(
        "({:.0},{:.0})–({:.0},{:.0})",
        r.min.x * inverse,
        r.min.y * inverse,
        r.max.x * inverse,
        r.max.y * inverse
    )
}

/// What is clipped on the laid-out screen of `case`, one line per text node.
fn clipped(case: Case, app: &mut App) -> Vec<String> {
    let world = app.world_mut();
    let mut texts = world.query::<(
        Entity,
        &Text,
        &ComputedNode,
        &UiGlobalTransform,
        &TextLayoutInfo,
    )>();
    let mut boxes = world.query::<(&Node, &ComputedNode, &UiGlobalTransform)>();
    let mut failures = Vec::new();
    let window = Rect::from_corners(Vec2::ZERO, (case.window.as_vec2() * case.os_scale).round());
    let found: Vec<_> = texts
        .iter(world)
        .filter(|(_, t, ..)| !t.0.trim().is_empty())
        .map(|(e, t, n, at, info)| {
            // The ink's extent: the right edge of the furthest glyph (a line's trailing
            // space takes room in the layout but shows nothing), the laid-out lines' height.
            let right = info
                .glyphs
                .iter()
                .map(|g| g.position.x + g.atlas_info.rect.width() / 2.0)
                .fold(0.0, f32::max);
            let size = Vec2::new(right * n.inverse_scale_factor, info.size.y);
            (e, t.0.clone(), *n, *at, size)
        })
        .collect();
    'texts: for (entity, text, node, at, laid_out) in found {
        let inverse = node.inverse_scale_factor;
        let short: String = text.chars().take(40).collect::<String>().replace('\n', " ");
        let hidden = |e: Entity| {
            world.get::<Visibility>(e) == Some(&Visibility::Hidden)
                || world
                    .get::<Node>(e)
                    .is_some_and(|n| n.display == Display::None)
        };
        if hidden(entity) || world.entity(entity).contains::<bevy::ui::IgnoreScroll>() {
            continue;
        }
        let ancestors: Vec<Entity> =
            std::iter::successors(world.get::<ChildOf>(entity).map(|c| c.parent()), |e| {
                world.get::<ChildOf>(*e).map(|c| c.parent())
            })
            .collect();
        if ancestors.iter().any(|a| hidden(*a)) {
            continue;
        }
        // The text cut off inside its own box.
        let inner = node.content_box().size() * inverse;
        if laid_out.x > inner.x + SLACK || laid_out.y > inner.y + SLACK {
            failures.push(format!(
                "{}: '{short}' is laid out {:.0}×{:.0} in a box of {:.0}×{:.0}",
                case.name(),
                laid_out.x,
                laid_out.y,
                inner.x,
                inner.y
            ));
        }
        let mut rect = Rect::from_center_size(at.translation, node.size());
        let own = rect;
        for a in ancestors {
            let Ok((n, c, t)) = boxes.get(world, a) else {
                continue;
            };
            if n.overflow.x == OverflowAxis::Visible && n.overflow.y == OverflowAxis::Visible {
                continue;
            }
            let outer = Rect::from_center_size(t.translation, c.size());
            let clip = Rect {
                min: outer.min + c.border.min_inset,
                max: outer.max - c.border.max_inset,
            };
            for (axis, overflow) in [(0, n.overflow.x), (1, n.overflow.y)] {
                let (lo, hi, clo, chi) = if axis == 0 {
                    (&mut rect.min.x, &mut rect.max.x, clip.min.x, clip.max.x)
                } else {
                    (&mut rect.min.y, &mut rect.max.y, clip.min.y, clip.max.y)
                };
                match overflow {
                    OverflowAxis::Visible => {}
                    // Scrolled out of view is fine: keep the part in view.
                    OverflowAxis::Scroll => {
                        *lo = lo.max(clo);
                        *hi = hi.min(chi);
                        if *lo >= *hi {
                            continue 'texts;
                        }
                    }
                    _ => {
                        if *lo < clo - SLACK || *hi > chi + SLACK {
                            let name = world
                                .get::<Name>(a)
                                .map(|n| n.as_str().to_string())
                                .unwrap_or_default();
                            failures.push(format!(
                                "{}: '{short}' box {} leaves the clip of '{name}' {}",
                                case.name(),
                                show(own, inverse),
                                show(clip, inverse)
                            ));
                            continue 'texts;
                        }
                    }
                }
            }
        }
        if rect.min.x < window.min.x - SLACK
            || rect.min.y < window.min.y - SLACK
            || rect.max.x > window.max.x + SLACK
            || rect.max.y > window.max.y + SLACK
        {
            failures.push(format!(
                "{}: '{short}' box {} leaves the window {}",
                case.name(),
                show(own, inverse),
                show(window, inverse)
            ));
        }
    }
    failures
}

/// Every screen in both languages at this window size, OS scale and UI scale.
fn check_all(window: UVec2, os_scale: f32, ui_scale: f32) {
    let mut failures = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        for screen in Screen::IMPLEMENTED {
            let case = Case {
                screen,
                lang,
                window,
                os_scale,
                ui_scale,
            };
            let (_dir, mut app) = staged(case, None, None);
            assert_eq!(super::screen(&app), screen, "{} moved away", case.name());
            failures.extend(clipped(case, &mut app));
        }
    }
    report(failures);
}

fn report(failures: Vec<String>) {
    assert!(
        failures.is_empty(),
        "{} clipped texts:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn nothing_is_clipped_at_1280x720() {
    check_all(UVec2::new(1280, 720), 1.0, 1.0);
}

#[test]
fn nothing_is_clipped_at_1920x1080() {
    check_all(UVec2::new(1920, 1080), 1.0, 1.0);
}

#[test]
fn nothing_is_clipped_at_1920x1080_at_the_largest_ui_scale() {
    let largest = max_ui_scale_for(1920.0, 1080.0);
    assert!(largest > 1.0);
    check_all(UVec2::new(1920, 1080), 1.0, largest);
}

#[test]
fn nothing_is_clipped_at_1280x720_at_os_scale_1_5() {
    // The largest UI scale at 1280×720 is 1: the OS scale alone makes it denser.
    assert_eq!(max_ui_scale_for(1280.0, 720.0), 1.0);
    check_all(UVec2::new(1280, 720), 1.5, 1.0);
}

/// The stress scenario: the validator's largest counts (stakeholders, rivals, rules,
/// goals) with long names and texts, on the screens that list them.
#[test]
fn nothing_is_clipped_with_the_largest_scenario() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(STRESS_DIR);
    let catalog = Catalog(crate::catalog::load_dir(&dir));
    assert!(
        catalog.find(STRESS_ID).is_some(),
        "{STRESS_DIR} does not load: {:?}",
        catalog.0.first().map(|e| e.scenario.as_ref().err())
    );
    let mut failures = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        for screen in [
            Screen::Board,
            Screen::Stakeholder,
            Screen::Tender,
            Screen::Debrief,
        ] {
            for (window, ui_scale) in [
                (UVec2::new(1280, 720), 1.0),
                (UVec2::new(1920, 1080), max_ui_scale_for(1920.0, 1080.0)),
            ] {
                let case = Case {
                    screen,
                    lang,
                    window,
                    os_scale: 1.0,
                    ui_scale,
                };
                let (_dir, mut app) = staged(case, Some(STRESS_ID), Some(&catalog));
                failures.extend(clipped(case, &mut app));
            }
        }
    }
    report(failures);
}

/// The folder of the stress scenario (`layout_stress.ron`), alone so it loads as a catalog.
const STRESS_DIR: &str = "tests/fixtures/layout";
const STRESS_ID: &str = "layout_stress";
