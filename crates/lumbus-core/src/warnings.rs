//! What a run warns about: scenes the engine can run, but only by stretching what its gait and
//! model were built from. A warning is reported in the summary (`Summary::warnings`) and by
//! `lumbus run`; the run itself is not changed.

use crate::gait::template_data as tpl;
use crate::params::{Activity, Scene};

/// Gravity for the Froude number, m/s².
const GRAVITY: f64 = 9.81;

/// People of any size switch from walking to running at a Froude number v²/(g·L) of about 0.5,
/// L the leg length: Kram, Domingo & Ferris 1997 (J Exp Biol 200:821).
pub const WALK_RUN_FROUDE: f64 = 0.5;

/// Dimensionless walking speed v²/(g·L), L the leg length (hip to floor), m; 0 when standing.
pub fn froude(scene: &Scene, leg_m: f64) -> f64 {
    match scene.gait.activity {
        Activity::Walk => scene.gait.speed_mps().powi(2) / (GRAVITY * leg_m),
        Activity::Stand => 0.0,
    }
}

/// The warnings for a scene whose subject's leg (hip to floor) is `leg_m` long.
pub fn warnings(scene: &Scene, leg_m: f64) -> Vec<String> {
    let mut out = Vec::new();
    let fr = froude(scene, leg_m);
    if fr > WALK_RUN_FROUDE {
        out.push(format!(
            "walking at a Froude number of {fr:.2} ({:.2} m/s on a {leg_m:.2} m leg): people run above \
             about {WALK_RUN_FROUDE} (Kram et al. 1997), and this gait is a measured walk at {:.2} m/s \
             stretched to it: its loads are an extrapolation",
            scene.gait.speed_mps(),
            tpl::STRIDE_M / tpl::PERIOD_S,
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn warns_above_the_walk_run_transition_only() {
        let mut s = Scene::default();
        assert!(warnings(&s, 0.9).is_empty(), "{:?}", warnings(&s, 0.9));
        s.gait.stride_m = 2.0;
        s.gait.cadence_spm = 150.0;
        let w = warnings(&s, 0.9);
        assert_eq!(w.len(), 1);
        assert!(w[0].contains("Froude number of 0.71"), "{}", w[0]);
        s.gait.activity = Activity::Stand;
        assert!(warnings(&s, 0.9).is_empty());
    }
}
