//! Live physics without the viewer: the skeleton walks in rapier3d (`lumbus_forward::LiveSim`),
//! takes a shove on the upper back, and the lumbar loads answer; then the floor turns slippery.
//!
//! `cargo run --release --example live_push`

use lumbus::core::model::THORAX;
use lumbus::core::{Engine, Frame, Scene};
use lumbus_forward::{LiveOptions, LiveSim, forward_scene};
use nalgebra::Vector3;
use std::sync::Arc;

/// L4–L5 compression and AP shear (N), and the total vertical ground force (BW).
fn readout(frame: &Frame, body_weight: f64) -> (f64, f64, f64) {
    let l = &frame.levels[3];
    let grf = (frame.grf_n[0][1] + frame.grf_n[1][1]) / body_weight;
    (l.compression_n, l.ap_shear_n, grf)
}

fn main() {
    // The forward path's scene: the load passes between the feet only while both are down.
    let engine =
        Arc::new(Engine::new(&forward_scene(&Scene::default())).expect("the default scene is valid"));
    let bw = engine.model.body_weight;
    let period = engine.plan.period;
    println!(
        "The default adult walks in a physics world (rapier3d): rigid segments, joint torques tracking\n\
         the gait, feet in frictional contact. Loads come from the engine on the simulated motion and\n\
         the contact forces. Two twin simulations, one of them pushed, compared at the same instants.\n"
    );

    let opts = LiveOptions::default();
    let mut calm = LiveSim::new(engine.clone(), &opts).expect("walking scene");
    let mut pushed = LiveSim::new(engine.clone(), &opts).expect("walking scene");
    // Two cycles to settle, then a 150 N forward shove on the thorax for 0.3 s.
    let settle = 2.0 * period;
    calm.advance(settle).unwrap();
    pushed.advance(settle).unwrap();
    pushed.push(THORAX, Vector3::new(150.0, 0.0, 0.0), 0.3).unwrap();
    println!("{:>7} {:>26} {:>26}", "t (s)", "calm: L4–L5 comp / AP shear", "pushed: comp / AP shear");
    for k in 1..=8 {
        let dt = 0.05;
        calm.advance(dt).unwrap();
        pushed.advance(dt).unwrap();
        let (a, b) = (calm.latest().unwrap(), pushed.latest().unwrap());
        let (ca, sa, _) = readout(a, bw);
        let (cb, sb, _) = readout(b, bw);
        println!(
            "{:>7.2} {:>15.0} N {:>6.0} N {:>15.0} N {:>6.0} N{}",
            settle + k as f64 * dt,
            ca,
            sa,
            cb,
            sb,
            if k as f64 * dt <= 0.3 + 1e-9 { "   ← pushing" } else { "" }
        );
    }
    println!(
        "\nWhile the push lasts the trunk is driven forward: the lumbar extensors hold it back, and the\n\
         disc takes the extra AP shear (positive: the body above pushed forward).\n"
    );

    // The same walker on ice (friction 0.05) beside one on a dry floor (0.8), sampled alike.
    let mut dry = LiveSim::new(engine.clone(), &opts).unwrap();
    let mut icy = LiveSim::new(engine, &opts).unwrap();
    dry.advance(settle).unwrap();
    icy.advance(settle).unwrap();
    icy.set_friction(0.05).unwrap();
    let fastest = |s: &LiveSim| s.foot_slip_mps().into_iter().fold(0.0, f64::max);
    let (mut worst_dry, mut worst_icy) = (0.0f64, 0.0f64);
    let mut fell = None;
    for _ in 0..40 {
        dry.advance(0.025).unwrap();
        worst_dry = worst_dry.max(fastest(&dry));
        if let Err(e) = icy.advance(0.025) {
            fell = Some(e.to_string());
            break;
        }
        worst_icy = worst_icy.max(fastest(&icy));
    }
    match fell {
        Some(e) => println!("On a floor with friction 0.05 the walker slid and fell within a second: {e}"),
        None => println!(
            "Fastest sliding of a loaded foot over one second: {worst_icy:.2} m/s on a floor with friction\n\
             0.05, {worst_dry:.3} m/s on a dry one (0.8)."
        ),
    }
}
