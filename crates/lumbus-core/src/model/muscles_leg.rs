//! Muscles that cross the knee or the ankle but not the hip, from OpenSim's gait2392 model
//! (Delp et al. 1990): vasti, the short head of biceps femoris, gastrocnemius, soleus and the
//! other calf and shin muscles. With the biarticular hip muscles (`muscles_hip.rs`) they balance
//! the knee and ankle rows of the static optimisation, so that rectus femoris and the hamstrings
//! pay for their knee moment as OpenSim's static optimisation makes them.

use super::muscle::{Attachment, Muscle, MuscleGroup};
use super::muscles_hip::{FrameMap, RAJAGOPAL_MASS_KG, knee_arm_of, max_isometric_force};
use super::opensim_geometry::LEG_MUSCLES_R;

/// Both sides' leg muscles. Maximum forces are Rajagopal et al. 2016's where its model has the
/// muscle, gait2392's otherwise (`muscles_hip::max_isometric_force`), scaled like the hip
/// muscles (mass^(2/3) and the scene's maximum stress, `muscles_hip::hip_muscles`).
pub fn leg_muscles(map: &FrameMap, mass_kg: f64, stress_factor: f64) -> Vec<Muscle> {
    let mass_scale = (mass_kg / RAJAGOPAL_MASS_KG).powf(2.0 / 3.0) * stress_factor;
    let mut out = Vec::new();
    for side in 0..2 {
        for m in LEG_MUSCLES_R {
            let path: Vec<Attachment> =
                m.points.iter().filter_map(|pp| map.to_model(pp.body, pp.location, side)).collect();
            assert_eq!(path.len(), m.points.len(), "{}: a point on a body the model does not map", m.name);
            out.push(Muscle {
                name: format!("{}_{}", m.name.trim_end_matches("_r"), if side == 0 { "r" } else { "l" }),
                group: MuscleGroup::Leg,
                side,
                max_force: max_isometric_force(m) * mass_scale,
                path,
                knee_arm: knee_arm_of(m.name, map),
            });
        }
    }
    out
}
