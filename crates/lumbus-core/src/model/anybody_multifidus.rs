//! The lumbar multifidus of the AnyBody Managed Model Repository's lumbar model (de Zee et al.
//! 2007, J Biomech 40:1219), right side: nineteen fascicles, each from a lumbar vertebra down to
//! a lower lumbar vertebra, the sacrum or the posterior superior iliac spine, five of them
//! through one via point on the pelvis.
//!
//! Copied from AnyBody/ammr: the fascicles (origin, via point, insertion) from
//! `Body/AAUHuman/Trunk/MultifidiRight.any` (commits c426538 and 452638b, the same nineteen
//! fascicles and nodes in both); the coordinates from
//! `Body/AAUHuman/Trunk/TrunkData1.1/LumbarNodes.any` (commit 21c92a5: folders `L1`…`L5`,
//! `Sacrum` and `Pelvis`, each `.Right`), whose node names `Body/AAUHuman/Trunk/SegmentsLumbar.any`
//! and `PelvisMuscleAttachementNodes.any` (both commit 21c92a5) put on the segments: every sacral
//! node on `SacrumSeg`, the two `MFtst…SIPS` insertions and via points on `PelvisSeg` (the ilium
//! at the posterior superior iliac spine). The muscle file, stored only at those older commits,
//! names all its pelvic nodes on `PelvisSeg`; either way they are on Lumbus's one pelvis
//! segment, `Sacrum` here. Cross-sections from
//! `Body/AAUHuman/Trunk/Default_MuscleParametersSpineSimpleRight.any` (commit 444d97c,
//! `MultifidiParameter`).
//!
//! Some nodes are written as a sum; the values below are those sums evaluated as written: the
//! L5 origin of `tsL5Sacrum`, {0.001, 0.007, 0} + {−0.006, 0.005, 0}; the pelvic via points of
//! `tsL3Ligament` (its insertion-side node {−0.0180531, −0.0141317, 0.0397136} moved by
//! {−0.0075, −0.005, −0.005}), `tsL4Sacrum` ({−0.017548, −0.00147985, 0.0054480} moved by
//! {0, −0.005, 0.005}), `tsL5Sacrum` ({−0.0121086, 0.00488946, 0.0119143} + {0, 0, −0.008}) and
//! `tstL1SIPS` / `tstL2SIPS` (their insertions moved by {0.02, 0.015, −0.02} and
//! {0.02, 0.01, −0.02}). Every other number is copied digit for digit.
//!
//! Names are the source's muscle names without the `MF` prefix (`MFdL1L3` is `dL1L3` here, and
//! so on); the source does not spell out its family letters `d`, `m`, `ts`, `tst`. In each name
//! the first level is the origin, the second the insertion (`S1`, `Sacrum`, `Ligament`: the
//! sacrum; `SIPS`: the posterior superior iliac spine).
//!
//! Only these numbers, anatomical data, are taken, with their source named; no model code is
//! used (the repository is under AnyBody Technology's licence).
//!
//! All points are in the trunk dataset's one frame (X anterior, Y up, Z right, m; every lumbar
//! segment, the sacrum and the pelvis share it at the model's neutral posture), unscaled (the
//! dataset's 75 kg standard). Each path runs from its cranial end (the source's origin) through
//! its via point to the caudal end (the insertion). Two short fascicles, `dL5S1` and
//! `mL5Sacrum`, run from the L5 lamina almost straight sideways to the sacrum: their sacral
//! points lie 0.4 and 2.1 mm above their L5 points. Four (`dL4S1`, `mL3S1`, `tsL1S1`,
//! `tsL2S1`) share one sacral point, and four share one L5 point, as in the source.

pub use super::anybody_psoas::Fascicle;
use super::christophy_lumbar::Body::{Lumbar, Sacrum};

pub const FASCICLES: [Fascicle; 19] = [
    Fascicle {
        name: "dL1L3",
        pcsa_cm2: 0.38,
        path: &[(Lumbar(1), [-0.001, 0.110, 0.005]), (Lumbar(3), [0.019, 0.083, 0.022])],
    },
    Fascicle {
        name: "dL2L4",
        pcsa_cm2: 0.38,
        path: &[(Lumbar(2), [0.011, 0.079, 0.005]), (Lumbar(4), [0.026, 0.055, 0.022])],
    },
    Fascicle {
        name: "dL3L5",
        pcsa_cm2: 0.38,
        path: &[(Lumbar(3), [0.014, 0.053, 0.005]), (Lumbar(5), [0.027, 0.025, 0.022])],
    },
    Fascicle {
        name: "dL4S1",
        pcsa_cm2: 0.38,
        path: &[(Lumbar(4), [0.014, 0.028, 0.005]), (Sacrum, [0.0306566, 0.0142471, 0.0333636])],
    },
    Fascicle {
        name: "dL5S1",
        pcsa_cm2: 0.38,
        path: &[(Lumbar(5), [0.008, 0.009, 0.005]), (Sacrum, [0.00447431, 0.00935999, 0.0172032])],
    },
    Fascicle {
        name: "mL1L4",
        pcsa_cm2: 0.40,
        path: &[(Lumbar(1), [-0.005, 0.106, 0.005]), (Lumbar(4), [0.026, 0.055, 0.022])],
    },
    Fascicle {
        name: "mL2L5",
        pcsa_cm2: 0.39,
        path: &[(Lumbar(2), [0.007, 0.075, 0.005]), (Lumbar(5), [0.027, 0.025, 0.022])],
    },
    Fascicle {
        name: "mL3S1",
        pcsa_cm2: 0.54,
        path: &[(Lumbar(3), [0.009, 0.049, 0.005]), (Sacrum, [0.0306566, 0.0142471, 0.0333636])],
    },
    Fascicle {
        name: "mL4Sacrum",
        pcsa_cm2: 1.86,
        path: &[(Lumbar(4), [0.009, 0.025, 0.005]), (Sacrum, [-0.0213334, -0.01194, 0.0257652])],
    },
    Fascicle {
        name: "mL5Sacrum",
        pcsa_cm2: 0.90,
        path: &[(Lumbar(5), [0.004, 0.010, 0.005]), (Sacrum, [0.00205033, 0.012148, 0.0129715])],
    },
    Fascicle {
        name: "tsL1L5",
        pcsa_cm2: 0.42,
        path: &[(Lumbar(1), [-0.009, 0.100, 0.0]), (Lumbar(5), [0.027, 0.025, 0.022])],
    },
    Fascicle {
        name: "tsL1S1",
        pcsa_cm2: 0.36,
        path: &[(Lumbar(1), [-0.009, 0.100, 0.0]), (Sacrum, [0.0306566, 0.0142471, 0.0333636])],
    },
    Fascicle {
        name: "tsL2L5",
        pcsa_cm2: 0.39,
        path: &[(Lumbar(2), [0.004, 0.068, 0.0]), (Lumbar(5), [0.027, 0.025, 0.022])],
    },
    Fascicle {
        name: "tsL2S1",
        pcsa_cm2: 0.99,
        path: &[(Lumbar(2), [0.004, 0.068, 0.0]), (Sacrum, [0.0306566, 0.0142471, 0.0333636])],
    },
    Fascicle {
        name: "tsL3Ligament",
        pcsa_cm2: 1.57,
        path: &[
            (Lumbar(3), [0.004, 0.044, 0.0]),
            (Sacrum, [-0.0255531, -0.0191317, 0.0347136]),
            (Sacrum, [-0.0255907, -0.0356921, 0.038108]),
        ],
    },
    Fascicle {
        name: "tsL4Sacrum",
        pcsa_cm2: 1.86,
        path: &[
            (Lumbar(4), [0.003, 0.021, 0.0]),
            (Sacrum, [-0.017548, -0.00647985, 0.010448]),
            (Sacrum, [-0.027368, -0.0316718, 0.0152958]),
        ],
    },
    Fascicle {
        name: "tsL5Sacrum",
        pcsa_cm2: 0.90,
        path: &[
            (Lumbar(5), [-0.005, 0.012, 0.0]),
            (Sacrum, [-0.0121086, 0.00488946, 0.0039143]),
            (Sacrum, [-0.038453, -0.0540485, 0.0311674]),
        ],
    },
    Fascicle {
        name: "tstL1SIPS",
        pcsa_cm2: 0.60,
        path: &[
            (Lumbar(1), [-0.009, 0.100, 0.0]),
            (Sacrum, [0.0050665, 0.0303627, 0.034064]),
            (Sacrum, [-0.0149335, 0.0153627, 0.054064]),
        ],
    },
    Fascicle {
        name: "tstL2SIPS",
        pcsa_cm2: 0.99,
        path: &[
            (Lumbar(2), [0.004, 0.068, 0.0]),
            (Sacrum, [0.0025603, 0.0218849, 0.028182]),
            (Sacrum, [-0.0174397, 0.0118849, 0.048182]),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::super::anybody_psoas::rising_fascicles;
    use super::*;

    /// Every fascicle starts on a lumbar vertebra and runs caudally: each point on the same or a
    /// lower body than the last (the via points and insertions share the pelvis), the last on a
    /// lower body than the first, and each point lower than the last, except the two short
    /// L5–sacrum fascicles, whose sacral points lie less than 3 mm above their L5 points. All
    /// points are on the right or on the midline.
    #[test]
    fn fascicles_run_caudally() {
        for f in &FASCICLES {
            assert!(matches!(f.path[0].0, Lumbar(1..=5)), "{}", f.name);
        }
        assert_eq!(rising_fascicles(&FASCICLES, 0.003), ["dL5S1", "mL5Sacrum"]);
    }

    /// Nineteen distinct fascicles: five `d`, five `m`, seven `ts`, two `tst`; their
    /// cross-sections sum to the source's 14.07 cm².
    #[test]
    fn fascicle_set_and_total_cross_section() {
        let count = |p: &str| {
            FASCICLES.iter().filter(|f| f.name.strip_prefix(p).is_some_and(|r| r.starts_with('L'))).count()
        };
        assert_eq!([count("d"), count("m"), count("ts"), count("tst")], [5, 5, 7, 2]);
        for (i, f) in FASCICLES.iter().enumerate() {
            assert!(FASCICLES[i + 1..].iter().all(|g| g.name != f.name), "{}", f.name);
        }
        let total: f64 = FASCICLES.iter().map(|f| f.pcsa_cm2).sum();
        assert!((total - 14.07).abs() < 1e-9, "{total}");
    }
}
