//! The engine from Rust in a dozen lines: run the default walk and a variant, compare L4–L5.
//!
//! `cargo run --release --example quickstart`

use lumbus::core::{Scene, run};

fn main() {
    let normal = Scene::default();
    let mut slouched = Scene { name: "slouched".into(), ..Scene::default() };
    slouched.posture.trunk_flexion_deg = 15.0;

    for scene in [&normal, &slouched] {
        let out = run(scene).expect("a valid scene runs");
        let l4l5 = out.summary.level("L4_L5");
        println!(
            "{:>10}: L4–L5 compression peak {:.2} BW (mean {:.2} BW), facets carry {:.0} % of it on average",
            scene.name,
            l4l5.compression_peak_bw,
            l4l5.compression_mean_bw,
            100.0 * l4l5.facet_share_mean
        );
    }
}
