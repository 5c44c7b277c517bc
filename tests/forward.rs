//! The forward path (rapier3d) against the inverse path: tracking, ground reactions from
//! contact, lumbar moments, determinism. One 1 + 10 cycle simulation of normal walking is shared
//! by the tests (it takes a few seconds).

mod common;

use lumbus::core::{Engine, Frame, Scene};
use lumbus_forward::{ForwardOptions, ForwardOutput, JOINT_NAMES, forward_scene, simulate};
use nalgebra::Vector3;
use std::sync::OnceLock;

const CYCLES: u32 = 10;

struct Both {
    engine: Engine,
    fwd: ForwardOutput,
    inv: lumbus::core::RunOutput,
}

fn both() -> &'static Both {
    static CELL: OnceLock<Both> = OnceLock::new();
    CELL.get_or_init(|| {
        let mut scene = forward_scene(&Scene::default());
        scene.gait.cycles = CYCLES;
        let engine = Engine::new(&scene).expect("valid scene");
        let fwd = simulate(&engine, &ForwardOptions::default()).expect("the forward run completes");
        let inv = engine.run().expect("the inverse run completes");
        Both { engine, fwd, inv }
    })
}

/// Joint-angle RMS under 1° over the cycles after the first (the band).
#[test]
fn joints_track_within_one_degree() {
    let t = &both().fwd.tracking;
    for (name, rms) in JOINT_NAMES.iter().zip(t.joint_rms_deg) {
        eprintln!("{name:8} rms {rms:.3}°");
        assert!(rms < 1.0, "{name}: {rms:.3}° RMS");
    }
}

/// Pelvis within 2 cm of the plan throughout, and no drift: over 10 cycles the last frame's
/// error stays within the same bound (a fall aborts the run, failing `both()`).
#[test]
fn pelvis_follows_the_plan_without_drift() {
    let t = &both().fwd.tracking;
    eprintln!(
        "pelvis rms {:.4} m, max {:.4} m, final {:.4} m, orientation rms {:.3}°",
        t.pelvis_rms_m, t.pelvis_max_m, t.pelvis_final_m, t.pelvis_rot_rms_deg
    );
    assert!(t.pelvis_max_m < 0.02);
    assert!(t.pelvis_final_m < 0.02);
}

/// The frames' GRF is the simulated motion's momentum shared by contact (`ground_from_motion`);
/// the contact solver's own impulses are printed beside it.
fn grf_peaks() -> ([f64; 2], [f64; 2]) {
    let b = both();
    let (f, i) = (&b.fwd.summary.grf_vertical_peak_bw, &b.inv.summary.grf_vertical_peak_bw);
    eprintln!(
        "forward {:.3}/{:.3} BW, inverse {:.3}/{:.3} BW (right/left)",
        f.right, f.left, i.right, i.left
    );
    let bw = b.engine.model.body_weight;
    let raw = |s: usize| b.fwd.contact_grf_n.iter().map(|g| g[s][1]).fold(0.0, f64::max) / bw;
    eprintln!("the contact solver's own impulses: {:.3}/{:.3} BW (right/left)", raw(0), raw(1));
    ([f.right, f.left], [i.right, i.left])
}

/// Vertical GRF peaks from contact within 10 % of the inverse path's.
#[test]
fn grf_peaks_match_the_inverse_path() {
    let (f, i) = grf_peaks();
    for (a, e) in f.iter().zip(i) {
        assert!((a - e).abs() <= 0.10 * e, "{a:.3} BW against {e:.3} BW");
    }
}

/// Vertical GRF peaks 1.0–1.3 BW at normal speed (Keller et al. 1996, Clin Biomech 11:253:
/// 1.2 BW at 1.5 m/s).
#[test]
fn grf_peaks_are_in_the_walking_band() {
    let (f, _) = grf_peaks();
    for a in f {
        assert!((1.0..=1.3).contains(&a), "{a:.3} BW");
    }
}

/// The double-support split that emerges from contact against the smooth-transition
/// assumption (Ren, Jones & Howard 2008): reported, and bounded only by what a share can be.
#[test]
fn double_support_split_is_reported() {
    let f = &both().fwd;
    let (mut sq, mut n, mut max) = (0.0, 0usize, 0.0f64);
    for (c, p) in f.share_contact.iter().zip(&f.share_plan) {
        if *p > 0.0 && *p < 1.0 && c.is_finite() {
            let d = c - p;
            sq += d * d;
            n += 1;
            max = max.max(d.abs());
        }
    }
    let rms = (sq / n.max(1) as f64).sqrt();
    eprintln!("double support: {n} frames, right-foot share contact − plan: RMS {rms:.3}, max {max:.3}");
    let plan = &both().engine.plan;
    eprintln!(
        "plan: heel strikes at 0 and 50 %, toe-offs at {:.1} and {:.1} %",
        100.0 * (plan.toe_off - 0.5),
        100.0 * plan.toe_off
    );
    for e in f.events.iter().take(4) {
        let side = if e.side == 0 { "right" } else { "left" };
        eprintln!(
            "contact: {side} {} at {:.1} %",
            if e.strike { "heel strike" } else { "toe-off" },
            e.cycle_pct
        );
    }
    assert!(n > 0);
    assert!(rms.is_finite() && max <= 1.0);
}

/// Level `k`'s net moment from the forward frames against the inverse ones: RMS difference and
/// the inverse path's peak, N·m.
fn moment_difference(fwd: &[Frame], inv: &[Frame], k: usize) -> (f64, f64) {
    let (mut sq, mut peak) = (0.0f64, 0.0f64);
    for (f, i) in fwd.iter().zip(inv) {
        let mi = Vector3::from(i.levels[k].net_moment_nm);
        sq += (Vector3::from(f.levels[k].net_moment_nm) - mi).norm_squared();
        peak = peak.max(mi.norm());
    }
    ((sq / fwd.len() as f64).sqrt(), peak)
}

/// Net lumbar moments at L4–L5 and L5–S1 from the forward path agree with the inverse path's
/// within 10 % RMS of the peak.
#[test]
fn lumbar_moments_agree_with_the_inverse_path() {
    let b = both();
    // Reported only: the default inverse path passes the load between the feet at the force
    // plates' events (`[gait] load_transfer = "measured"`), which the forward path's contacts
    // cannot follow (`forward_scene`); against it the same forward run differs by more.
    let mut measured = Scene::default();
    measured.gait.cycles = CYCLES;
    let measured = Engine::new(&measured).unwrap().run().unwrap();
    let mut worst = (0.0f64, "");
    for (k, name) in [(3, "L4_L5"), (4, "L5_S1")] {
        let (rms, peak) = moment_difference(&b.fwd.frames, &b.inv.frames, k);
        let (rms_m, peak_m) = moment_difference(&b.fwd.frames, &measured.frames, k);
        eprintln!(
            "{name}: RMS difference {rms:.2} N·m, inverse peak {peak:.2} N·m ({:.1} %); against the \
             measured-transfer inverse path {:.1} % of its peak",
            100.0 * rms / peak,
            100.0 * rms_m / peak_m
        );
        if rms / peak > worst.0 {
            worst = (rms / peak, name);
        }
    }
    assert!(worst.0 <= 0.10, "{}: {:.1} % of the peak", worst.1, 100.0 * worst.0);
}

/// Two runs give identical results, bit for bit.
#[test]
fn forward_runs_are_deterministic() {
    let mut scene = forward_scene(&Scene::default());
    scene.gait.cycles = 1;
    let engine = Engine::new(&scene).unwrap();
    let run = || simulate(&engine, &ForwardOptions::default()).unwrap();
    let (a, b) = (run(), run());
    assert_eq!(a.summary, b.summary);
    assert_eq!(a.residual_force_n, b.residual_force_n);
    assert_eq!(a.tracking, b.tracking);
}

/// The gaits furthest from normal walking's cadence and stride hold the tracking bands
/// too, over four cycles after the warm-up: joints within 1° RMS, the pelvis within 2 cm. Before
/// the swing foot's collider was switched off in mid-swing (`world::clear_swing_feet`), slow
/// walking's heel caught the floor up to 7 % early and the run fell into a growing oscillation
/// (4.1° and 26 mm over ten cycles), short quick steps stopped at 2.4 s and long strides in its
/// first frames.
#[test]
fn slow_quick_and_long_gaits_track_too() {
    for name in ["slow_walking", "short_quick_steps", "long_strides"] {
        tracks_over_four_cycles(name, common::scene(name));
    }
}

/// Walking backward (the forward cycle run in reverse, `GaitPlan::advance_per_cycle`) tracks
/// too, over four cycles after the warm-up (the impact model is the inverse path's only). Its
/// limit, reported rather than hidden: the lifting heel (the forward cycle's heel strike) comes
/// off the floor later than planned and carries more each cycle (0.06 BW at the first lift-off,
/// 0.49 BW at the sixth), the pelvis residual takes more of the weight, and at 6.6 s neither foot
/// touches the floor (the residual carries 760 N) and a frame's ground would have to pull.
#[test]
fn backward_walking_tracks() {
    let mut scene = Scene::default();
    scene.gait.direction = lumbus::core::Direction::Backward;
    tracks_over_four_cycles("backward", scene);
}

/// Four cycles of `scene` after the warm-up: every joint within 1° RMS of the plan and the
/// pelvis within 2 cm.
fn tracks_over_four_cycles(label: &str, scene: Scene) {
    let mut scene = forward_scene(&scene);
    scene.gait.cycles = 4;
    let engine = Engine::new(&scene).expect("valid scene");
    let fwd = simulate(&engine, &ForwardOptions::default()).unwrap_or_else(|e| panic!("{label}: {e}"));
    let t = &fwd.tracking;
    let worst = t.joint_rms_deg.iter().cloned().fold(0.0, f64::max);
    eprintln!("{label}: worst joint {worst:.2}° RMS, pelvis max {:.1} mm", 1e3 * t.pelvis_max_m);
    assert!(worst < 1.0, "{label}: {worst:.2}° RMS");
    assert!(t.pelvis_max_m < 0.02, "{label}: pelvis {:.3} m from the plan", t.pelvis_max_m);
}

/// The forward path refuses a gait whose load passes between the feet while a foot is still in
/// the air (the default, measured transfer), and says how to build one it can run.
#[test]
fn forward_path_refuses_the_measured_load_transfer() {
    let engine = Engine::new(&Scene::default()).unwrap();
    let err = simulate(&engine, &ForwardOptions::default()).expect_err("the measured transfer is refused");
    assert!(err.to_string().contains("load_transfer") && err.to_string().contains("forward_scene"), "{err}");
}
