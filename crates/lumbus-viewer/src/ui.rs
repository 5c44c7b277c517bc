//! The interactive window: camera, playback, the egui side panel (sliders, presets, baseline,
//! legend), the plots over the cycle, and the guided tour.

use crate::camera::{Orbit, PointerOverUi, follow, orbit_input};
use crate::live::{Live, PUSH_S, step_live};
use crate::sim::{COMPRESSION_FULL_BW, FACET_FULL_BW, Pending, Sim, load_colour};
use crate::skeleton::{ArrowToggles, Current, Playback, Viewer};
use bevy::prelude::*;
use bevy::render::view::screenshot::{Screenshot, ScreenshotCaptured, save_to_disk};
use bevy_egui::{EguiContexts, EguiPlugin, EguiPrimaryContextPass, egui};
use egui_plot::{Legend, Line, Plot, VLine};
use lumbus_core::Scene;
use lumbus_core::params::LEVEL_NAMES;
use nalgebra::Vector3;
use std::path::{Path, PathBuf};
use std::sync::Arc;

pub struct UiPlugin {
    pub scenes_dir: PathBuf,
    /// Save a window screenshot here after `shot_after` seconds and exit (to check the window).
    pub window_shot: Option<PathBuf>,
    pub shot_after: f32,
    /// Open the guided tour at its first step.
    pub tour: bool,
}

/// Mean frame time over the last few seconds, ms (shown in the panel and logged).
#[derive(Resource, Default)]
struct FrameStats {
    mean_ms: f64,
    frames: u32,
    since: f64,
}

#[derive(Resource)]
struct WindowShot {
    path: Option<PathBuf>,
    after: f32,
}

/// The scene being edited (the sliders' values) and the presets.
#[derive(Resource)]
struct Editor {
    scene: Scene,
    /// Changed since the last recompute was started.
    dirty: bool,
    presets: Vec<Preset>,
    tour: Option<usize>,
    shots: u32,
    /// Scenes saved with "save scene", and what the last save said.
    saves: u32,
    saved: Option<String>,
}

struct Preset {
    name: String,
    path: PathBuf,
    /// The scene file's opening comment: what the preset changes and why.
    about: String,
}

impl Plugin for UiPlugin {
    fn build(&self, app: &mut App) {
        let presets = presets(&self.scenes_dir);
        let tour = self.tour;
        app.add_plugins(EguiPlugin::default())
            .init_resource::<PointerOverUi>()
            .init_resource::<FrameStats>()
            .init_resource::<Live>()
            .insert_resource(WindowShot { path: self.window_shot.clone(), after: self.shot_after })
            .add_systems(Update, (frame_stats, window_shot))
            .add_systems(Startup, spawn_camera)
            .add_systems(Update, (advance, poll_recompute, orbit_input, screenshot_key))
            // Before the skeleton reads what the simulation shows (SkeletonPlugin, Update).
            .add_systems(PreUpdate, step_live)
            .add_systems(PostUpdate, follow.before(TransformSystems::Propagate))
            .add_systems(EguiPrimaryContextPass, panels)
            .add_systems(Startup, move |mut commands: Commands, viewer: Res<Viewer>| {
                let presets = std::mem::take(&mut *presets.lock().unwrap());
                // The tour starts at its first preset, computed like any other change.
                let first =
                    presets.first().filter(|_| tour).and_then(|p| lumbus_io::load_scene(&p.path).ok());
                commands.insert_resource(Editor {
                    dirty: first.is_some(),
                    scene: first.unwrap_or_else(|| viewer.sim.scene.clone()),
                    presets,
                    tour: tour.then_some(0),
                    shots: 0,
                    saves: 0,
                    saved: None,
                });
            });
    }
}

/// The `*.toml` scenes of a folder, sorted, with their opening comments.
fn presets(dir: &Path) -> std::sync::Mutex<Vec<Preset>> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let path = e.path();
            if path.extension().is_some_and(|x| x == "toml") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                let about = text
                    .lines()
                    .take_while(|l| l.starts_with('#'))
                    .map(|l| l.trim_start_matches('#').trim())
                    .collect::<Vec<_>>()
                    .join(" ");
                let name = path.file_stem().unwrap_or_default().to_string_lossy().into_owned();
                out.push(Preset { name, path, about });
            }
        }
    }
    // Normal walking first: the tour starts from the reference.
    out.sort_by_key(|p| (p.name != "normal_walking", p.name.clone()));
    std::sync::Mutex::new(out)
}

/// Wall-clock frame time (virtual time clamps a frame's delta to 250 ms, hiding slow frames).
fn frame_stats(time: Res<Time<Real>>, mut stats: ResMut<FrameStats>) {
    stats.frames += 1;
    stats.since += time.delta_secs_f64();
    if stats.since >= 3.0 {
        stats.mean_ms = stats.since * 1e3 / stats.frames as f64;
        info!("frame time {:.1} ms ({:.1} fps)", stats.mean_ms, 1e3 / stats.mean_ms);
        stats.frames = 0;
        stats.since = 0.0;
    }
}

fn window_shot(time: Res<Time>, mut shot: ResMut<WindowShot>, mut commands: Commands) {
    if time.elapsed_secs() < shot.after {
        return;
    }
    let Some(path) = shot.path.take() else { return };
    commands.spawn(Screenshot::primary_window()).observe(
        move |captured: On<ScreenshotCaptured>, mut exit: MessageWriter<AppExit>| {
            let saved = crate::capture::save_rgb(&captured.image, &path);
            if let Err(e) = &saved {
                error!("cannot save {}: {e}", path.display());
            }
            exit.write(if saved.is_ok() { AppExit::Success } else { AppExit::error() });
        },
    );
}

fn spawn_camera(mut commands: Commands) {
    // No MSAA in the window: on the software renderer it costs more than the picture gains.
    commands.spawn((Camera3d::default(), Orbit::default(), Transform::default(), Msaa::Off));
}

fn advance(time: Res<Time>, mut playback: ResMut<Playback>) {
    if playback.playing {
        playback.time += time.delta_secs_f64() * playback.speed;
    }
}

/// Swaps in a finished recompute and starts the next one if the sliders moved meanwhile; never
/// waits for the worker.
fn poll_recompute(mut viewer: ResMut<Viewer>, editor: Option<ResMut<Editor>>) {
    if let Some(done) = viewer.pending.as_ref().and_then(|p| p.poll().map(|r| (r, p.started.elapsed()))) {
        viewer.pending = None;
        match done.0 {
            Ok(sim) => {
                viewer.sim = Arc::new(sim);
                viewer.rebuild = true;
                viewer.error = None;
                viewer.last_latency_ms = Some(done.1.as_secs_f64() * 1e3);
            }
            Err(e) => viewer.error = Some(e),
        }
    }
    if let Some(mut editor) = editor
        && editor.dirty
        && viewer.pending.is_none()
    {
        editor.dirty = false;
        viewer.pending = Some(Pending::spawn(editor.scene.clone()));
    }
}

fn screenshot_key(keys: Res<ButtonInput<KeyCode>>, mut commands: Commands, editor: Option<ResMut<Editor>>) {
    if keys.just_pressed(KeyCode::F12) || keys.just_pressed(KeyCode::KeyS) {
        let Some(mut editor) = editor else { return };
        editor.shots += 1;
        let path = format!("lumbus-screenshot-{}.png", editor.shots);
        commands.spawn(Screenshot::primary_window()).observe(save_to_disk(path));
    }
}

/// Peak L4–L5 compression (BW) and facet force (N) over a computed cycle.
fn l4l5_peaks(sim: &Sim) -> (f64, f64) {
    let k = 3;
    let c = sim.frames.iter().map(|f| f.levels[k].compression_n).fold(0.0, f64::max) / sim.body_weight;
    let f = sim
        .frames
        .iter()
        .map(|f| f.levels[k].facet_right_n.max(f.levels[k].facet_left_n))
        .fold(0.0, f64::max);
    (c, f)
}

const LEVEL_COLOURS: [egui::Color32; 5] = [
    egui::Color32::from_rgb(120, 170, 255),
    egui::Color32::from_rgb(90, 210, 200),
    egui::Color32::from_rgb(140, 220, 90),
    egui::Color32::from_rgb(255, 190, 60),
    egui::Color32::from_rgb(255, 100, 90),
];

#[allow(clippy::too_many_arguments)]
fn panels(
    mut contexts: EguiContexts,
    mut viewer: ResMut<Viewer>,
    editor: Option<ResMut<Editor>>,
    mut playback: ResMut<Playback>,
    mut toggles: ResMut<ArrowToggles>,
    current: Res<Current>,
    mut over_ui: ResMut<PointerOverUi>,
    mut commands: Commands,
    stats: Res<FrameStats>,
    mut live: ResMut<Live>,
) -> Result {
    let Some(mut editor) = editor else { return Ok(()) };
    let ctx = contexts.ctx_mut()?;
    let mut root = egui::Ui::new(
        ctx.clone(),
        "viewport".into(),
        egui::UiBuilder::new().layer_id(egui::LayerId::background()).max_rect(ctx.viewport_rect()),
    );
    let sim = viewer.sim.clone();
    let mut scene = editor.scene.clone();
    let mut load_preset: Option<usize> = None;

    egui::Panel::left("controls").default_size(320.0).show(&mut root, |ui| {
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.heading("Lumbus");
            ui.label(format!("Scene: {}", sim.scene.name));
            match (&viewer.pending, &viewer.error, viewer.last_latency_ms) {
                (Some(_), _, _) => ui.label("computing…"),
                (None, Some(e), _) => ui.colored_label(egui::Color32::LIGHT_RED, e.as_str()),
                (None, None, Some(ms)) => ui.label(format!("recomputed in {ms:.0} ms")),
                _ => ui.label(format!("computed in {:.0} ms", sim.compute_ms)),
            };
            for w in &sim.warnings {
                ui.colored_label(egui::Color32::from_rgb(255, 190, 80), format!("⚠ {w}."));
            }
            // Where weakness bites first: the groups nearest their limit (1 = at it).
            let busiest: Vec<String> = sim
                .busiest
                .iter()
                .map(|(g, a)| format!("{} {:.0} %", g.replace('_', " "), 100.0 * a))
                .collect();
            ui.label(format!("Muscles nearest their limit: {}", busiest.join(", ")));

            let selected = editor.presets.iter().position(|p| p.name == sim.scene.name);
            egui::ComboBox::from_label("preset")
                .selected_text(selected.map_or("(edited)".to_string(), |i| editor.presets[i].name.clone()))
                .show_ui(ui, |ui| {
                    for (i, p) in editor.presets.iter().enumerate() {
                        if ui.selectable_label(Some(i) == selected, &p.name).clicked() {
                            load_preset = Some(i);
                        }
                    }
                });

            ui.separator();
            ui.horizontal(|ui| {
                if ui.button(if playback.playing { "⏸ pause" } else { "▶ play" }).clicked() {
                    playback.playing = !playback.playing;
                }
                ui.add(egui::Slider::new(&mut playback.speed, 0.05..=2.0).text("speed"));
            });
            if sim.period > 0.0 {
                let cycles = (playback.time / sim.period).floor();
                let mut pct = current.t / sim.period * 100.0;
                if ui.add(egui::Slider::new(&mut pct, 0.0..=99.9).text("% cycle")).changed() {
                    playback.time = (cycles + pct / 100.0) * sim.period;
                }
            }
            ui.horizontal(|ui| {
                ui.checkbox(&mut toggles.grf, "GRF");
                ui.checkbox(&mut toggles.hip, "hip contact");
                ui.checkbox(&mut toggles.levels, "disc compression");
            });
            legend(ui);

            ui.separator();
            live_physics(ui, &mut live, &sim, &current);

            ui.separator();
            egui::CollapsingHeader::new("Gait").default_open(true).show(ui, |ui| {
                ui.add(egui::Slider::new(&mut scene.gait.stride_m, 0.6..=2.0).text("stride (m)"));
                ui.add(
                    egui::Slider::new(&mut scene.gait.cadence_spm, 60.0..=150.0).text("cadence (steps/min)"),
                );
                // Unset, the model's default (14 % of leg length): the slider starts there.
                let mut width = scene.gait.step_width_m.unwrap_or(sim.engine.model.step_width);
                if ui
                    .add(egui::Slider::new(&mut width, 0.02..=0.4).fixed_decimals(2).text("step width (m)"))
                    .changed()
                {
                    scene.gait.step_width_m = Some(width);
                }
            });
            egui::CollapsingHeader::new("Strength (fraction of normal)").show(ui, |ui| {
                let s = &mut scene.strength;
                for (value, name) in [
                    (&mut s.gluteus_medius, "gluteus medius"),
                    (&mut s.gluteus_maximus, "gluteus maximus"),
                    (&mut s.gluteus_minimus, "gluteus minimus"),
                    (&mut s.hip_flexors, "hip flexors"),
                    (&mut s.hamstrings, "hamstrings"),
                    (&mut s.abdominals, "abdominals"),
                    (&mut s.erector_spinae, "erector spinae"),
                    (&mut s.multifidus, "multifidus"),
                    (&mut s.quadratus_lumborum, "quadratus lumborum"),
                    (&mut s.psoas, "psoas"),
                ] {
                    ui.add(egui::Slider::new(value, 0.05..=1.0).text(name));
                }
            });
            egui::CollapsingHeader::new("Posture and load").default_open(true).show(ui, |ui| {
                let p = &mut scene.posture;
                ui.add(
                    egui::Slider::new(&mut p.anterior_pelvic_tilt_deg, -15.0..=20.0).text("pelvic tilt (°)"),
                );
                ui.add(egui::Slider::new(&mut p.lordosis_deg, -20.0..=20.0).text("extra lordosis (°)"));
                ui.add(egui::Slider::new(&mut p.trunk_flexion_deg, -10.0..=40.0).text("trunk flexion (°)"));
                ui.add(egui::Slider::new(&mut p.lateral_lean_deg, 0.0..=15.0).text("lateral lean (°)"));
                ui.add(egui::Slider::new(&mut scene.load.backpack_kg, 0.0..=40.0).text("backpack (kg)"));
            });
            egui::CollapsingHeader::new("Disc degeneration").show(ui, |ui| {
                let mut d = scene.spine.disc_degeneration.to_array();
                for (k, v) in d.iter_mut().enumerate() {
                    ui.add(egui::Slider::new(v, 0.0..=1.0).text(LEVEL_NAMES[k]));
                }
                scene.spine.disc_degeneration = lumbus_core::params::PerLevel::from_array(d);
            });

            ui.separator();
            ui.horizontal(|ui| {
                if ui.button("📌 pin as baseline").clicked() {
                    viewer.baseline = Some(sim.clone());
                }
                if viewer.baseline.is_some() && ui.button("clear baseline").clicked() {
                    viewer.baseline = None;
                }
            });
            ui.horizontal(|ui| {
                if ui.button("📷 screenshot (S)").clicked() {
                    editor.shots += 1;
                    let path = format!("lumbus-screenshot-{}.png", editor.shots);
                    commands.spawn(Screenshot::primary_window()).observe(save_to_disk(path));
                }
                if ui.button("💾 save scene").clicked() {
                    // The scene on screen, every setting spelled out, for `lumbus run` or a sweep.
                    editor.saves += 1;
                    let path = PathBuf::from(format!("lumbus-scene-{}.toml", editor.saves));
                    editor.saved = Some(match lumbus_io::write_scene_toml(&path, &sim.scene) {
                        Ok(()) => format!("saved {0}: `lumbus run {0}` repeats it", path.display()),
                        Err(e) => format!("cannot save {}: {e}", path.display()),
                    });
                }
                if ui.button("🎓 guided tour").clicked() {
                    editor.tour = if editor.tour.is_some() { None } else { Some(0) };
                    if editor.tour.is_some() {
                        load_preset = Some(0);
                    }
                }
            });
            if let Some(msg) = &editor.saved {
                ui.label(msg.as_str());
            }
            ui.label("Drag: orbit · right drag: pan · wheel: zoom · S: screenshot");
            if stats.mean_ms > 0.0 {
                ui.label(format!("frame time {:.0} ms", stats.mean_ms));
            }
        });
    });

    egui::Panel::bottom("plots").min_size(230.0).show(&mut root, |ui| {
        plots(ui, &sim, viewer.baseline.as_deref(), current.t);
    });

    if let Some(step) = editor.tour {
        let mut step = step.min(editor.presets.len().saturating_sub(1));
        let mut open = true;
        egui::Window::new("Guided tour").open(&mut open).default_width(340.0).show(ctx, |ui| {
            if let Some(p) = editor.presets.get(step) {
                ui.heading(format!("{} / {}: {}", step + 1, editor.presets.len(), p.name));
                ui.label(&p.about);
                ui.separator();
                if viewer.pending.is_some() || sim.scene.name != p.name {
                    ui.label("computing…");
                } else {
                    let (c, f) = l4l5_peaks(&sim);
                    ui.label(format!("L4–L5 peak compression: {c:.2} BW ({:.0} N)", c * sim.body_weight));
                    ui.label(format!("L4–L5 peak facet force: {f:.0} N"));
                    if let Some(base) = &viewer.baseline {
                        let (bc, bf) = l4l5_peaks(base);
                        ui.label(format!("baseline ({}): {bc:.2} BW, facet {bf:.0} N", base.scene.name));
                    }
                }
            }
            ui.horizontal(|ui| {
                if ui.add_enabled(step > 0, egui::Button::new("◀ back")).clicked() {
                    step -= 1;
                    load_preset = Some(step);
                }
                if ui.add_enabled(step + 1 < editor.presets.len(), egui::Button::new("next ▶")).clicked() {
                    // Normal walking stays pinned as the baseline to compare each step with.
                    if step == 0 && viewer.baseline.is_none() {
                        viewer.baseline = Some(sim.clone());
                    }
                    step += 1;
                    load_preset = Some(step);
                }
            });
        });
        editor.tour = open.then_some(step);
    }

    over_ui.0 = ctx.is_pointer_over_egui() || ctx.egui_is_using_pointer();

    if let Some(i) = load_preset {
        if let Some(p) = editor.presets.get(i) {
            match lumbus_io::load_scene(&p.path) {
                Ok(s) => {
                    editor.scene = s;
                    editor.dirty = true;
                }
                Err(e) => viewer.error = Some(e.to_string()),
            }
        }
    } else if scene != editor.scene {
        editor.scene = scene;
        editor.dirty = true;
    }
    Ok(())
}

/// The live-physics controls: on/off, pushes on the trunk, ground friction, and the loads now.
fn live_physics(ui: &mut egui::Ui, live: &mut Live, sim: &Arc<Sim>, current: &Current) {
    egui::CollapsingHeader::new("Live physics (rapier3d)").default_open(live.active).show(ui, |ui| {
        ui.label(
            "The skeleton as rigid bodies with contact feet, tracking the gait: push it and watch the loads.",
        );
        let mut on = live.active;
        if ui.checkbox(&mut on, "live physics").changed() {
            if on {
                live.start(sim);
            } else {
                live.stop();
            }
        }
        if !live.active {
            return;
        }
        ui.add(egui::Slider::new(&mut live.push_n, 20.0..=400.0).text("push (N)"));
        ui.horizontal(|ui| {
            // World axes: X is the walking direction, Z the subject's right.
            for (label, dir) in [
                ("⬅ back", Vector3::new(-1.0, 0.0, 0.0)),
                ("forward ➡", Vector3::new(1.0, 0.0, 0.0)),
                ("left", Vector3::new(0.0, 0.0, -1.0)),
                ("right", Vector3::new(0.0, 0.0, 1.0)),
            ] {
                if ui.button(label).on_hover_text(format!("push the thorax for {} s", PUSH_S)).clicked() {
                    live.push(dir);
                }
            }
        });
        let mut mu = live.friction;
        if ui.add(egui::Slider::new(&mut mu, 0.02..=1.5).text("ground friction μ")).changed() {
            live.set_friction(mu);
        }
        if ui.button("⟲ restart").clicked() {
            live.start(sim);
        }
        if let Some(e) = &live.error {
            ui.colored_label(egui::Color32::LIGHT_RED, e.as_str());
        }
        if let Some(s) = &live.sim {
            if s.fallen() {
                ui.colored_label(egui::Color32::LIGHT_RED, "fallen: restart");
            }
            let bw = sim.body_weight;
            let grf: f64 = (0..2).map(|k| current.loads.grf_n[k][1]).sum();
            ui.label(format!(
                "t = {:.2} s · {:.1}× real time · L4–L5 {:.2} BW · GRF {:.2} BW",
                s.time(),
                live.rate,
                current.loads.compression_bw[3],
                grf / bw
            ));
            // Sliding of the loaded feet: what a low friction coefficient does first.
            let slip = s.foot_slip_mps();
            ui.label(format!("foot slip: right {:.2} m/s, left {:.2} m/s", slip[0], slip[1]));
        }
    });
}

fn legend(ui: &mut egui::Ui) {
    ui.label("Colour: disc compression 0 to 3 BW, facet force 0 to 0.5 BW");
    let (rect, _) =
        ui.allocate_exact_size(egui::vec2(ui.available_width().min(280.0), 14.0), egui::Sense::hover());
    let n = 40;
    for i in 0..n {
        let c = load_colour(i as f64 / (n - 1) as f64);
        let x0 = rect.left() + rect.width() * i as f32 / n as f32;
        let x1 = rect.left() + rect.width() * (i + 1) as f32 / n as f32 + 0.5;
        let r = egui::Rect::from_min_max(egui::pos2(x0, rect.top()), egui::pos2(x1, rect.bottom()));
        ui.painter().rect_filled(
            r,
            0.0,
            egui::Color32::from_rgb((c[0] * 255.0) as u8, (c[1] * 255.0) as u8, (c[2] * 255.0) as u8),
        );
    }
    ui.horizontal(|ui| {
        ui.label("0");
        ui.add_space(ui.available_width().min(280.0) - 60.0);
        ui.label(format!("{COMPRESSION_FULL_BW} / {FACET_FULL_BW} BW"));
    });
}

/// Compression per level and facet force over the cycle, the cursor at `t`, baseline dashed.
fn plots(ui: &mut egui::Ui, sim: &Sim, baseline: Option<&Sim>, t: f64) {
    let series = |s: &Sim, k: usize, facet: bool| -> Vec<[f64; 2]> {
        let n = s.frames.len().max(1) as f64;
        s.frames
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let l = &f.levels[k];
                let y =
                    if facet { l.facet_right_n.max(l.facet_left_n) } else { l.compression_n / s.body_weight };
                [i as f64 / n * 100.0, y]
            })
            .collect()
    };
    let cursor = if sim.period > 0.0 { t / sim.period * 100.0 } else { 0.0 };
    let width = ui.available_width() / 2.0 - 8.0;
    ui.horizontal(|ui| {
        for (facet, title) in [(false, "compression (BW)"), (true, "facet force, larger side (N)")] {
            ui.vertical(|ui| {
                ui.label(title);
                Plot::new(title)
                    .width(width)
                    .height(190.0)
                    .legend(Legend::default())
                    .allow_scroll(false)
                    .show(ui, |p| {
                        for k in 0..5 {
                            let name = LEVEL_NAMES[k].replace('_', "–");
                            p.line(
                                Line::new(name.clone(), series(sim, k, facet))
                                    .color(LEVEL_COLOURS[k])
                                    .width(2.0),
                            );
                            if let Some(b) = baseline {
                                p.line(
                                    Line::new(format!("{name} baseline"), series(b, k, facet))
                                        .color(LEVEL_COLOURS[k].gamma_multiply(0.5))
                                        .style(egui_plot::LineStyle::dashed_loose()),
                                );
                            }
                        }
                        p.vline(VLine::new("now", cursor).color(egui::Color32::WHITE));
                    });
            });
        }
    });
}
