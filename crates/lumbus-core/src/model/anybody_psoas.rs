//! The psoas major of the AnyBody Managed Model Repository's lumbar model (de Zee et al. 2007,
//! J Biomech 40:1219; the model Arshad et al. 2018 walked), right side: eleven fascicles, each
//! from a vertebral body ("I", its intervertebral disc and body) or a transverse process ("T"),
//! running down the spine through a via point on every lumbar vertebra below (the body
//! fascicles skip the one just below) and one on the pelvis, to the pelvic brim.
//!
//! Copied from AnyBody/ammr: the path (origin, then via points in order) from
//! `Body/AAUHuman/Trunk/PsoasMajorRight.any` (commit 0a2acc7); the coordinates from
//! `Body/AAUHuman/Trunk/TrunkData1.1/LumbarNodes.any` (commit 21c92a5), the T12 origin from
//! `ThoracicNodes.any` (commit 04eb29a); cross-sections from
//! `Default_MuscleParametersSpineSimpleRight.any` (commit 444d97c). The file writes each via
//! point's lateral coordinate as a formula placing it on the straight line from the fascicle's
//! origin to the iliopubic eminence (0.086, −0.102, 0.078); the values below are that formula
//! evaluated (to 0.1 mm) as written, including its use of y = 0.008 for the transverse
//! fascicles' L5 points and y = −0.037 for their pelvis points.
//!
//! Only these numbers, anatomical data, are taken, with their source named; no model code is
//! used (the repository is under AnyBody Technology's licence).
//!
//! All points are in the trunk dataset's one frame (X anterior, Y up, Z right, m; every lumbar
//! segment and the pelvis share it at the model's neutral posture), unscaled (the dataset's
//! 75 kg standard). Past the pelvis point the AnyBody muscle wraps a cylinder over the brim to
//! the femur; Lumbus continues it with gait2392's brim and femur points (`muscles_trunk.rs`).

use super::christophy_lumbar::Body::{self, Lumbar, Sacrum, Torso};

/// The lumbar joint centres, T12–L1 then L1–L2 … L5–S1, (x, y), m.
pub const JOINTS: [[f64; 2]; 6] =
    [[0.022, 0.154], [0.034, 0.123], [0.044, 0.094], [0.050, 0.061], [0.050, 0.027], [0.043, -0.005]];

/// One psoas fascicle: its name in the source, physiological cross-section (cm²), and its
/// points from origin to the pelvis point, each on a body (`Sacrum` for the pelvis, `Torso` for
/// the thorax), in the common frame. Names drop the source's `PM` prefix and `_TM` suffix; its
/// `PML5` is `L5I` here.
pub struct Fascicle {
    pub name: &'static str,
    pub pcsa_cm2: f64,
    pub path: &'static [(Body, [f64; 3])],
}

pub const FASCICLES: [Fascicle; 11] = [
    Fascicle {
        name: "T12I",
        pcsa_cm2: 2.11,
        path: &[
            (Torso, [0.040, 0.163, 0.019]),
            (Lumbar(2), [0.060, 0.110, 0.0308]),
            (Lumbar(3), [0.065, 0.079, 0.0377]),
            (Lumbar(4), [0.069, 0.043, 0.0457]),
            (Lumbar(5), [0.067, 0.008, 0.0535]),
            (Sacrum, [0.069, -0.037, 0.0635]),
        ],
    },
    Fascicle {
        name: "L1I",
        pcsa_cm2: 2.11,
        path: &[
            (Lumbar(1), [0.054, 0.134, 0.022]),
            (Lumbar(3), [0.065, 0.079, 0.0351]),
            (Lumbar(4), [0.069, 0.043, 0.0436]),
            (Lumbar(5), [0.067, 0.008, 0.0519]),
            (Sacrum, [0.067, -0.037, 0.0626]),
        ],
    },
    Fascicle {
        name: "L1T",
        pcsa_cm2: 0.61,
        path: &[
            (Lumbar(1), [0.012, 0.137, 0.025]),
            (Lumbar(2), [0.026, 0.105, 0.0321]),
            (Lumbar(3), [0.035, 0.079, 0.0379]),
            (Lumbar(4), [0.040, 0.043, 0.0458]),
            (Lumbar(5), [0.041, -0.005, 0.0536]),
            (Sacrum, [0.0585, -0.048, 0.0636]),
        ],
    },
    Fascicle {
        name: "L2I",
        pcsa_cm2: 1.61,
        path: &[
            (Lumbar(2), [0.060, 0.104, 0.022]),
            (Lumbar(4), [0.069, 0.043, 0.0386]),
            (Lumbar(5), [0.067, 0.008, 0.0481]),
            (Sacrum, [0.065, -0.037, 0.0603]),
        ],
    },
    Fascicle {
        name: "L2T",
        pcsa_cm2: 1.01,
        path: &[
            (Lumbar(2), [0.024, 0.106, 0.025]),
            (Lumbar(3), [0.035, 0.079, 0.0319]),
            (Lumbar(4), [0.0395, 0.043, 0.0411]),
            (Lumbar(5), [0.041, -0.005, 0.0500]),
            (Sacrum, [0.0585, -0.048, 0.0614]),
        ],
    },
    Fascicle {
        name: "L3I",
        pcsa_cm2: 1.91,
        path: &[
            (Lumbar(3), [0.068, 0.071, 0.022]),
            (Lumbar(5), [0.067, 0.008, 0.0424]),
            (Sacrum, [0.063, -0.037, 0.0570]),
        ],
    },
    Fascicle {
        name: "L3T",
        pcsa_cm2: 1.73,
        path: &[
            (Lumbar(3), [0.030, 0.079, 0.028]),
            (Lumbar(4), [0.039, 0.043, 0.0379]),
            (Lumbar(5), [0.041, -0.005, 0.0476]),
            (Sacrum, [0.0585, -0.048, 0.0600]),
        ],
    },
    Fascicle {
        name: "L4I",
        pcsa_cm2: 1.19,
        path: &[(Lumbar(4), [0.069, 0.033, 0.022]), (Sacrum, [0.061, -0.037, 0.0510])],
    },
    Fascicle {
        name: "L4T",
        pcsa_cm2: 1.20,
        path: &[
            (Lumbar(4), [0.034, 0.050, 0.028]),
            (Lumbar(5), [0.041, -0.005, 0.0418]),
            (Sacrum, [0.0585, -0.048, 0.0566]),
        ],
    },
    Fascicle {
        name: "L5I",
        pcsa_cm2: 0.79,
        path: &[(Lumbar(5), [0.066, 0.011, 0.021]), (Sacrum, [0.059, -0.037, 0.0452])],
    },
    Fascicle {
        name: "L5T",
        pcsa_cm2: 0.36,
        path: &[(Lumbar(5), [0.034, 0.020, 0.028]), (Sacrum, [0.0585, -0.048, 0.0514])],
    },
];

/// Checks that every fascicle runs caudally — each point on the same or a lower body than the
/// last, the last on a lower body than the first, all on the right or on the midline — and
/// returns the fascicles with a point higher than the one before (by less than `tolerance`, m,
/// else it fails), in order, for the data files' tests to name.
#[cfg(test)]
pub fn rising_fascicles(fascicles: &[Fascicle], tolerance: f64) -> Vec<&'static str> {
    let mut rising = Vec::new();
    for f in fascicles {
        let (first, last) = (f.path[0].0, f.path.last().unwrap().0);
        assert!(last.rank() > first.rank(), "{}", f.name);
        for w in f.path.windows(2) {
            let ((b0, p0), (b1, p1)) = (w[0], w[1]);
            assert!(b1.rank() >= b0.rank(), "{}: {w:?}", f.name);
            if p1[1] >= p0[1] {
                assert!(p1[1] - p0[1] < tolerance, "{}: {w:?}", f.name);
                rising.push(f.name);
            }
        }
        assert!(f.path.iter().all(|(_, p)| p[2] >= 0.0), "{}", f.name);
    }
    rising
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every fascicle runs down and outward: each point on a lower body than the last, lower
    /// and further from the midline (towards the iliopubic eminence), ending on the pelvis.
    #[test]
    fn fascicles_run_down_and_out_to_the_pelvis() {
        for f in &FASCICLES {
            assert_eq!(f.path.last().unwrap().0, Sacrum, "{}", f.name);
            for w in f.path.windows(2) {
                let ((b0, p0), (b1, p1)) = (w[0], w[1]);
                assert!(b1.rank() > b0.rank() && p1[1] < p0[1] && p1[2] > p0[2], "{}: {w:?}", f.name);
            }
        }
        let total: f64 = FASCICLES.iter().map(|f| f.pcsa_cm2).sum();
        assert!((total - 14.63).abs() < 1e-9, "{total}");
    }
}
