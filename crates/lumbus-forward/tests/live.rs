//! The live simulation (`LiveSim`): the same frames as the batch path, loads that answer a push,
//! feet that slide on a slippery floor.

use lumbus_core::model::THORAX;
use lumbus_core::{Engine, Scene};
use lumbus_forward::{ForwardOptions, LiveOptions, LiveSim, forward_scene, simulate};
use nalgebra::Vector3;
use std::sync::Arc;

fn engine(cycles: u32) -> Arc<Engine> {
    let mut scene = Scene::default();
    scene.gait.cycles = cycles;
    Arc::new(Engine::new(&forward_scene(&scene)).expect("valid scene"))
}

/// Advancing frame by frame gives, at every instant, the batch run's frame (unfiltered, the
/// live mode's causal windows): the same motion and ground reaction bit for bit, the same loads
/// to 1e-9; only the time origin differs (the batch counts from the end of its warm-up cycle).
#[test]
fn live_frames_equal_the_batch_frames() {
    let engine = engine(1);
    let opts = ForwardOptions { cutoff_hz: None, ..ForwardOptions::default() };
    let batch = simulate(&engine, &opts).unwrap();
    let mut live = LiveSim::new(engine.clone(), &LiveOptions::from(&opts)).unwrap();
    let fpc = engine.model.scene.gait.frames_per_cycle as usize;
    let dt_frame = live.frame_interval();
    let mut compared = 0;
    for _ in 0..2 * fpc {
        live.advance(dt_frame).unwrap();
        let Some(f) = live.latest() else { continue };
        let index = (f.time_s / dt_frame).round() as usize;
        if index < fpc {
            continue;
        }
        let b = &batch.frames[index - fpc];
        for (l, m) in f.levels.iter().zip(&b.levels) {
            // The motion and the ground reaction, hence the net wrenches, are the same bits.
            assert_eq!(l.net_force_n, m.net_force_n, "frame {index}");
            assert_eq!(l.net_moment_nm, m.net_moment_nm, "frame {index}");
            // Muscle-dependent loads agree to the static optimisation's convergence: its solver
            // is warm-started from the previous frame, and the batch skips the warm-up frames.
            for (u, v) in [(l.compression_n, m.compression_n), (l.ap_shear_n, m.ap_shear_n)] {
                assert!((u - v).abs() <= 1e-9 * v.abs().max(1.0), "frame {index}: {u} vs {v}");
            }
        }
        assert_eq!(f.grf_n, b.grf_n, "frame {index}");
        compared += 1;
    }
    assert!(compared >= fpc - 1, "{compared} frames compared");
}

/// Means of L4–L5's net force X, AP shear and net moment Z over the frames produced while
/// advancing `seconds`, one frame at a time.
fn l4_l5_means(live: &mut LiveSim, seconds: f64) -> [f64; 3] {
    const L4_L5: usize = 3;
    let n = (seconds / live.frame_interval()).round() as usize;
    let mut sum = [0.0; 3];
    for _ in 0..n {
        live.advance(live.frame_interval()).unwrap();
        let l = &live.latest().unwrap().levels[L4_L5];
        for (s, v) in sum.iter_mut().zip([l.net_force_n[0], l.ap_shear_n, l.net_moment_nm[2]]) {
            *s += v / n as f64;
        }
    }
    sum
}

/// A forward push on the thorax (150 N for 0.3 s, in mid-cycle) loads L4–L5 as a forward load
/// above it must: the structures below hold the trunk back, so the net force on the upper body
/// turns backwards by about the push and the net moment turns towards extension (+Z) against
/// the push's flexing moment.
///
/// How the disc and the muscles share the holding back depends on the extensors' lines of
/// action, so the AP shear's change is only held to the push's size (less than the net force's
/// change): with AnyBody's erector spinae, whose lumbar pieces pull the upper body back across
/// the disc (Bogduk et al. 1992), the extensors answering the flexing moment take more than the
/// push and the disc's AP shear turns backwards (−94 N); with Christophy's lumped erectors,
/// used until 2026-11-22, it grew.
#[test]
fn a_forward_push_on_the_thorax_loads_l4_l5() {
    let engine = engine(1);
    let opts = LiveOptions::default();
    let (mut plain, mut pushed) =
        (LiveSim::new(engine.clone(), &opts).unwrap(), LiveSim::new(engine.clone(), &opts).unwrap());
    let settle = 1.3 * engine.plan.period;
    plain.advance(settle).unwrap();
    pushed.advance(settle).unwrap();
    let force = 150.0;
    pushed.push(THORAX, Vector3::new(force, 0.0, 0.0), 0.3).unwrap();
    // Frames whose windows lie inside the push, after its first 50 ms.
    plain.advance(0.05).unwrap();
    pushed.advance(0.05).unwrap();
    let base = l4_l5_means(&mut plain, 0.2);
    let with = l4_l5_means(&mut pushed, 0.2);
    let delta: Vec<f64> = with.iter().zip(&base).map(|(w, b)| w - b).collect();
    for (k, name) in ["net force x (N)", "AP shear (N)", "net moment z (N·m)"].iter().enumerate() {
        eprintln!("L4–L5 {name}: {:.1} → {:.1} ({:+.1})", base[k], with[k], delta[k]);
    }
    assert!(!pushed.fallen());
    assert!(delta[0] < -0.5 * force && delta[0] > -1.5 * force, "net force x changed by {:.1} N", delta[0]);
    assert!(delta[1].abs() < delta[0].abs(), "AP shear changed by {:.1} N", delta[1]);
    assert!(delta[2] > 0.0, "net moment z changed by {:.2} N·m", delta[2]);
}

/// The loaded feet's mean sliding speed at their centres of pressure (over the steps where a
/// foot carries more than half the body weight) and whether the model fell, over `seconds`
/// walked after the friction is set.
fn walk(friction: f64, seconds: f64) -> (f64, bool) {
    let engine = engine(1);
    let half_bw = 0.5 * engine.model.body_weight;
    let mut live = LiveSim::new(engine, &LiveOptions::default()).unwrap();
    live.advance(0.5).unwrap();
    live.set_friction(friction).unwrap();
    let (mut sum, mut n) = (0.0, 0usize);
    let steps = (seconds / live.dt()).round() as usize;
    for _ in 0..steps {
        if live.advance(live.dt()).is_err() {
            break;
        }
        for side in 0..2 {
            if live.contact_force_n()[side].y > half_bw {
                sum += live.foot_slip_mps()[side];
                n += 1;
            }
        }
    }
    (sum / n.max(1) as f64, live.fallen())
}

/// On the default floor (μ = 0.8) the stance feet roll without sliding; on ice (μ = 0.05,
/// below walking's required coefficient of friction of about 0.2) they slide or the model falls.
#[test]
fn low_friction_makes_the_feet_slide() {
    let (slip_dry, fell_dry) = walk(0.8, 2.0);
    let (slip_ice, fell_ice) = walk(0.05, 2.0);
    eprintln!(
        "μ 0.8: mean slip {slip_dry:.4} m/s, fell {fell_dry}; μ 0.05: mean slip {slip_ice:.4} m/s, fell {fell_ice}"
    );
    // 1 cm/s: a stance foot that slides less would move under 1 cm over a 0.6 s stance.
    assert!(!fell_dry && slip_dry < 0.01, "dry floor: slip {slip_dry:.4} m/s, fell {fell_dry}");
    assert!(fell_ice || slip_ice > 0.1, "ice: slip {slip_ice:.4} m/s, fell {fell_ice}");
}

/// Bad inputs are refused with the allowed range named.
#[test]
fn bad_inputs_are_refused() {
    let mut live = LiveSim::new(engine(1), &LiveOptions::default()).unwrap();
    assert!(live.set_friction(-0.1).unwrap_err().contains("0–2"));
    assert!(live.set_friction(f64::NAN).is_err());
    assert!(live.push(13, Vector3::zeros(), 0.1).unwrap_err().contains("0–12"));
    assert!(live.push(THORAX, Vector3::new(f64::INFINITY, 0.0, 0.0), 0.1).is_err());
    assert!(live.advance(-1.0).is_err());
}

/// The viewer steps the simulation on a worker thread: `LiveSim` must be `Send`.
#[test]
fn live_sim_is_send() {
    fn send<T: Send>() {}
    send::<LiveSim>();
}
