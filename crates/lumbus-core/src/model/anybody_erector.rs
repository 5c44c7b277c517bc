//! The erector spinae of the AnyBody Managed Model Repository's lumbar model (de Zee et al. 2007,
//! J Biomech 40:1219), right side: twenty-nine fascicles of longissimus thoracis and iliocostalis
//! lumborum, each in its pars lumborum and pars thoracis — longissimus pars lumborum (`LTpl`, five,
//! from L1–L5 to the posterior superior iliac spine and ilium), longissimus pars thoracis (`LTpt`,
//! twelve, from the levels T1–T12 down to a lumbar vertebra or the sacrum), iliocostalis lumborum
//! pars lumborum (`ILpl`, four, from L1–L4 to the iliac crest) and pars thoracis (`ILpt`, eight,
//! named for ribs 5–12, to the iliac crest). The long fascicles run through a via point on every
//! rib, thoracic and lumbar vertebra they pass.
//!
//! Copied from AnyBody/ammr: the fascicles (origin, via points in order, insertion, and the
//! segment of each) from `Body/AAUHuman/Trunk/ErectorSpinaeRight.any` (commit 2de39fa; the
//! other stored version, 8bc1324, has the same length and, where compared, the same text); the
//! coordinates from `Body/AAUHuman/Trunk/TrunkData1.1/LumbarNodes.any` (commit 21c92a5: folders
//! `L1`…`L5`, `Sacrum` and `Pelvis`, each `.Right`) and `ThoracicNodes.any` (commit 21c92a5:
//! folder `Thorax.Right` for every node on the thorax, whose lumbar via formulas name it, and
//! `T12.LSNode_pos`); cross-sections from
//! `Body/AAUHuman/Trunk/Default_MuscleParametersSpineSimpleRight.any` (commit 444d97c,
//! `ErectorSpinaeParameter`, whose twenty-nine entries are exactly these fascicles). Left out:
//! the fascicles the muscle file keeps under `#if BM_TRUNK_THORACIC_FUTURE` (rib-attached
//! copies `LTptC3L3`…`LTptC10Sacrum` and the iliocostalis thoracis `IT…`, with no entry in the
//! parameter file), and every other muscle.
//!
//! Bodies: the muscle file puts the origins of `LTptT3L3`…`LTptT10Sacrum` and `ILptC5SIPS`…
//! `ILptC10CI` on the right ribs 3–10, the `LTptT1L1`, `LTptT2L2`, `LTptT11Sacrum`,
//! `LTptT12Sacrum`, `ILptC11CI` and `ILptC12CI` origins on T1, T2, T11 and T12, and the thoracic
//! via points on ribs 4–10 and on T2–T12: all of them are `Torso` here (Lumbus's one rigid
//! thorax). It puts every caudal end on `PelvisSeg`; `LumbarNodes.any` keeps the `ILpl`, `ILpt`
//! and `LTplL1`–`L4` ones in its `Pelvis` folder and the `LTplL5Ilium` and `LTptT6S1`…
//! `LTptT12Sacrum` ones in its `Sacrum` folder: either way `Sacrum` here (one pelvis segment).
//! The rib nodes' coordinates are taken from `Thorax.Right`; the file that hangs them on the rib
//! segments was not found among the stored copies (`RibSegments.any`, commit 21c92a5, places its
//! own rib nodes at scaled common-frame positions, so the frame is the same).
//!
//! Most via points are formulas; the values below are those formulas evaluated as written, every
//! other number is copied digit for digit:
//! - each via point's lateral coordinate lies on the straight line, in the y–z plane, from the
//!   fascicle's origin O to a reference node R, at the via point's height y:
//!   z = O_z − (O_z − R_z)/(O_y − R_y)·(O_y − y), rounded to 0.01 mm; R is the pelvic insertion
//!   for `LTpl`, `ILpl` and `ILpt`, and the insertion (lumbar or sacral) for `LTpt`;
//! - the lumbar via points sit at the vertebra's `LSNode_pos` (L1 (−0.017, 0.106), L2 (−0.004,
//!   0.074), L3 (−0.003, 0.051), L4 (−0.003, 0.029)) moved in x by −0.005 … +0.012 per fascicle;
//!   the L5 ones at (−0.001 − 0.015, 0.011); the T12 ones of `ILptC5SIPS`…`ILptC10CI` at
//!   `T12.LSNode_pos` + (0.005, 0) = (−0.025, 0.128);
//! - the sacral insertions of `LTptT6S1`…`LTptT12Sacrum` have x written as a value − 0.005
//!   (−0.0171665 − 0.005 = −0.0221665, …), and `LTplL5Ilium`'s is {0.006, 0.013, 0.021} +
//!   {0, −0.005, 0.015} = (0.006, 0.008, 0.036).
//!
//! Two via points lie below their pelvic insertions, as written: `ILplL1CI`'s and `ILplL2CI`'s L4
//! points (y 0.029) sit 6.5 and 2.8 mm lower than their iliac-crest ends, `ILplL1CI`'s on its
//! line produced past the crest (z 0.0569 against the crest's 0.0555).
//!
//! Names are the source's muscle names unchanged (they carry no prefix or suffix to drop); each
//! starts with its part, `LTpl`, `LTpt`, `ILpl` or `ILpt` (longissimus thoracis / iliocostalis
//! lumborum, pars lumborum / pars thoracis), then its cranial level (`L1`…`L5`, `T1`…`T12`, or
//! `C5`…`C12` for ribs 5–12) and its caudal end (`SIPS` the posterior superior iliac spine, `CI`
//! the iliac crest, `Ilium`, `L1`…`L5`, `S1`…`S4` and `Sacrum` the sacrum).
//!
//! Only these numbers, anatomical data, are taken, with their source named; no model code is
//! used (the repository is under AnyBody Technology's licence).
//!
//! All points are in the trunk dataset's one frame (X anterior, Y up, Z right, m; every segment
//! shares it at the model's neutral posture), unscaled (the dataset's 75 kg standard). Each path
//! runs from its cranial end (the source's origin) through its via points in the source's order
//! to its caudal end (the insertion); no path needed reversing.

pub use super::anybody_psoas::Fascicle;
use super::christophy_lumbar::Body::{Lumbar, Sacrum, Torso};

// Heights of 0.318 m (three via points) are data, not 1/π.
#[allow(clippy::approx_constant)]
pub const FASCICLES: [Fascicle; 29] = [
    Fascicle {
        name: "LTplL1SIPS",
        pcsa_cm2: 0.79,
        path: &[
            (Lumbar(1), [0.003, 0.136, 0.027]),
            (Lumbar(2), [0.001, 0.074, 0.04839]),
            (Lumbar(3), [-0.003, 0.051, 0.05633]),
            (Sacrum, [0.00696654, 0.0391073, 0.0604304]),
        ],
    },
    Fascicle {
        name: "LTplL2SIPS",
        pcsa_cm2: 0.91,
        path: &[
            (Lumbar(2), [0.015, 0.105, 0.027]),
            (Lumbar(3), [-0.003, 0.051, 0.0516]),
            (Sacrum, [0.00622304, 0.0395058, 0.0568333]),
        ],
    },
    Fascicle {
        name: "LTplL3SIPS",
        pcsa_cm2: 1.03,
        path: &[(Lumbar(3), [0.022, 0.079, 0.028]), (Sacrum, [0.00643616, 0.0377332, 0.0536012])],
    },
    Fascicle {
        name: "LTplL4SIPS",
        pcsa_cm2: 1.10,
        path: &[(Lumbar(4), [0.028, 0.051, 0.028]), (Sacrum, [0.00711773, 0.0334732, 0.0493415])],
    },
    Fascicle {
        name: "LTplL5Ilium",
        pcsa_cm2: 1.16,
        path: &[(Lumbar(5), [0.028, 0.022, 0.028]), (Sacrum, [0.006, 0.008, 0.036])],
    },
    Fascicle {
        name: "LTptT1L1",
        pcsa_cm2: 0.29,
        path: &[
            (Torso, [-0.024, 0.465, 0.04]),
            (Torso, [-0.022, 0.442, 0.03738]),
            (Torso, [-0.032, 0.42, 0.03487]),
            (Torso, [-0.045, 0.402, 0.03282]),
            (Torso, [-0.05, 0.376, 0.02986]),
            (Torso, [-0.057, 0.347, 0.02655]),
            (Torso, [-0.054, 0.317, 0.02313]),
            (Torso, [-0.051, 0.288, 0.01983]),
            (Torso, [-0.045, 0.263, 0.01698]),
            (Torso, [-0.035, 0.223, 0.01242]),
            (Torso, [-0.028, 0.186, 0.00821]),
            (Torso, [-0.02, 0.158, 0.00501]),
            (Lumbar(1), [-0.017, 0.114, 0.0]),
        ],
    },
    Fascicle {
        name: "LTptT2L2",
        pcsa_cm2: 0.57,
        path: &[
            (Torso, [-0.022, 0.442, 0.04]),
            (Torso, [-0.035, 0.421, 0.03767]),
            (Torso, [-0.044, 0.393, 0.03456]),
            (Torso, [-0.05, 0.376, 0.03267]),
            (Torso, [-0.058, 0.345, 0.02922]),
            (Torso, [-0.057, 0.318, 0.02622]),
            (Torso, [-0.053, 0.288, 0.02289]),
            (Torso, [-0.047, 0.264, 0.02022]),
            (Torso, [-0.042, 0.228, 0.01622]),
            (Torso, [-0.026, 0.19, 0.012]),
            (Torso, [-0.017, 0.155, 0.00811]),
            (Lumbar(1), [-0.007, 0.106, 0.00267]),
            (Lumbar(2), [-0.005, 0.082, 0.0]),
        ],
    },
    Fascicle {
        name: "LTptT3L3",
        pcsa_cm2: 0.56,
        path: &[
            (Torso, [-0.035, 0.418, 0.04]),
            (Torso, [-0.041, 0.394, 0.03732]),
            (Torso, [-0.049, 0.372, 0.03486]),
            (Torso, [-0.057, 0.346, 0.03196]),
            (Torso, [-0.057, 0.318, 0.02883]),
            (Torso, [-0.056, 0.289, 0.02559]),
            (Torso, [-0.05, 0.263, 0.02268]),
            (Torso, [-0.042, 0.233, 0.01933]),
            (Torso, [-0.027, 0.189, 0.01441]),
            (Torso, [-0.016, 0.15, 0.01006]),
            (Lumbar(1), [-0.005, 0.106, 0.00514]),
            (Lumbar(2), [0.001, 0.074, 0.00156]),
            (Lumbar(3), [-0.003, 0.06, 0.0]),
        ],
    },
    Fascicle {
        name: "LTptT4L4",
        pcsa_cm2: 0.45,
        path: &[
            (Torso, [-0.041, 0.39, 0.04]),
            (Torso, [-0.045, 0.366, 0.03727]),
            (Torso, [-0.051, 0.347, 0.03511]),
            (Torso, [-0.057, 0.318, 0.03182]),
            (Torso, [-0.058, 0.289, 0.02852]),
            (Torso, [-0.053, 0.267, 0.02602]),
            (Torso, [-0.044, 0.234, 0.02227]),
            (Torso, [-0.033, 0.197, 0.01807]),
            (Torso, [-0.017, 0.156, 0.01341]),
            (Lumbar(1), [-0.005, 0.106, 0.00773]),
            (Lumbar(2), [-0.002, 0.074, 0.00409]),
            (Lumbar(3), [-0.001, 0.051, 0.00148]),
            (Lumbar(4), [-0.001, 0.038, 0.0]),
        ],
    },
    Fascicle {
        name: "LTptT5L5",
        pcsa_cm2: 0.44,
        path: &[
            (Torso, [-0.044, 0.36, 0.04]),
            (Torso, [-0.047, 0.343, 0.03802]),
            (Torso, [-0.054, 0.317, 0.035]),
            (Torso, [-0.057, 0.289, 0.03174]),
            (Torso, [-0.049, 0.261, 0.02849]),
            (Torso, [-0.042, 0.234, 0.02535]),
            (Torso, [-0.032, 0.196, 0.02093]),
            (Torso, [-0.022, 0.156, 0.01628]),
            (Lumbar(1), [-0.007, 0.106, 0.01047]),
            (Lumbar(2), [0.0, 0.074, 0.00674]),
            (Lumbar(3), [0.001, 0.051, 0.00407]),
            (Lumbar(4), [0.001, 0.029, 0.00151]),
            (Lumbar(5), [0.001, 0.016, 0.0]),
        ],
    },
    Fascicle {
        name: "LTptT6S1",
        pcsa_cm2: 0.64,
        path: &[
            (Torso, [-0.041, 0.335, 0.04]),
            (Torso, [-0.047, 0.312, 0.03719]),
            (Torso, [-0.052, 0.288, 0.03426]),
            (Torso, [-0.048, 0.26, 0.03084]),
            (Torso, [-0.046, 0.234, 0.02766]),
            (Torso, [-0.031, 0.196, 0.02302]),
            (Torso, [-0.022, 0.158, 0.01838]),
            (Lumbar(1), [-0.009, 0.106, 0.01203]),
            (Lumbar(2), [-0.002, 0.074, 0.00812]),
            (Lumbar(3), [0.001, 0.051, 0.00531]),
            (Lumbar(4), [-0.004, 0.029, 0.00262]),
            (Lumbar(5), [-0.016, 0.011, 0.00043]),
            (Sacrum, [-0.0221665, 0.00751867, 0.0]),
        ],
    },
    Fascicle {
        name: "LTptT7S2",
        pcsa_cm2: 0.78,
        path: &[
            (Torso, [-0.047, 0.314, 0.04]),
            (Torso, [-0.052, 0.288, 0.03691]),
            (Torso, [-0.049, 0.26, 0.03358]),
            (Torso, [-0.048, 0.233, 0.03038]),
            (Torso, [-0.033, 0.202, 0.02669]),
            (Torso, [-0.021, 0.165, 0.0223]),
            (Lumbar(1), [-0.009, 0.106, 0.01529]),
            (Lumbar(2), [-0.004, 0.074, 0.01149]),
            (Lumbar(3), [-0.003, 0.051, 0.00876]),
            (Lumbar(4), [-0.006, 0.029, 0.00614]),
            (Lumbar(5), [-0.016, 0.011, 0.004]),
            (Sacrum, [-0.0292993, -0.0226956, 0.0]),
        ],
    },
    Fascicle {
        name: "LTptT8S3",
        pcsa_cm2: 1.25,
        path: &[
            (Torso, [-0.05, 0.28, 0.04]),
            (Torso, [-0.05, 0.256, 0.037]),
            (Torso, [-0.048, 0.229, 0.03363]),
            (Torso, [-0.034, 0.201, 0.03013]),
            (Torso, [-0.023, 0.159, 0.02488]),
            (Lumbar(1), [-0.009, 0.106, 0.01826]),
            (Lumbar(2), [-0.004, 0.074, 0.01426]),
            (Lumbar(3), [-0.003, 0.051, 0.01139]),
            (Lumbar(4), [-0.008, 0.029, 0.00864]),
            (Lumbar(5), [-0.016, 0.011, 0.00639]),
            (Sacrum, [-0.0374856, -0.0401841, 0.0]),
        ],
    },
    Fascicle {
        name: "LTptT9S4",
        pcsa_cm2: 1.46,
        path: &[
            (Torso, [-0.05, 0.251, 0.04]),
            (Torso, [-0.051, 0.228, 0.03714]),
            (Torso, [-0.037, 0.2, 0.03366]),
            (Torso, [-0.023, 0.152, 0.02769]),
            (Lumbar(1), [-0.009, 0.106, 0.02196]),
            (Lumbar(2), [-0.004, 0.074, 0.01798]),
            (Lumbar(3), [-0.003, 0.051, 0.01512]),
            (Lumbar(4), [-0.008, 0.029, 0.01239]),
            (Lumbar(5), [-0.016, 0.011, 0.01015]),
            (Sacrum, [-0.0470005, -0.070595, 0.0]),
        ],
    },
    Fascicle {
        name: "LTptT10Sacrum",
        pcsa_cm2: 1.60,
        path: &[
            (Torso, [-0.05, 0.222, 0.04]),
            (Torso, [-0.037, 0.197, 0.03754]),
            (Torso, [-0.023, 0.147, 0.03263]),
            (Lumbar(1), [-0.009, 0.106, 0.02861]),
            (Lumbar(2), [-0.004, 0.074, 0.02546]),
            (Lumbar(3), [-0.003, 0.051, 0.0232]),
            (Lumbar(4), [-0.008, 0.029, 0.02104]),
            (Lumbar(5), [-0.016, 0.011, 0.01928]),
            (Sacrum, [-0.0352671, -0.0382631, 0.0144365]),
        ],
    },
    Fascicle {
        name: "LTptT11Sacrum",
        pcsa_cm2: 1.67,
        path: &[
            (Torso, [-0.033, 0.189, 0.04]),
            (Torso, [-0.023, 0.149, 0.03684]),
            (Lumbar(1), [-0.009, 0.106, 0.03344]),
            (Lumbar(2), [-0.004, 0.074, 0.03091]),
            (Lumbar(3), [-0.003, 0.051, 0.02909]),
            (Lumbar(4), [-0.008, 0.029, 0.02735]),
            (Lumbar(5), [-0.016, 0.011, 0.02593]),
            (Sacrum, [-0.0361736, -0.0385761, 0.0220101]),
        ],
    },
    Fascicle {
        name: "LTptT12Sacrum",
        pcsa_cm2: 1.38,
        path: &[
            (Torso, [-0.011, 0.161, 0.04]),
            (Lumbar(1), [-0.007, 0.106, 0.0373]),
            (Lumbar(2), [-0.004, 0.074, 0.03573]),
            (Lumbar(3), [-0.003, 0.051, 0.0346]),
            (Lumbar(4), [-0.008, 0.029, 0.03352]),
            (Lumbar(5), [-0.016, 0.011, 0.03264]),
            (Sacrum, [-0.0358891, -0.0388656, 0.0301951]),
        ],
    },
    Fascicle {
        name: "ILplL1CI",
        pcsa_cm2: 1.08,
        path: &[
            (Lumbar(1), [0.002, 0.136, 0.034]),
            (Lumbar(2), [0.001, 0.074, 0.04725]),
            (Lumbar(3), [-0.003, 0.051, 0.05216]),
            (Lumbar(4), [-0.008, 0.029, 0.05686]),
            (Sacrum, [-0.000516508, 0.0354869, 0.0554782]),
        ],
    },
    Fascicle {
        name: "ILplL2CI",
        pcsa_cm2: 1.54,
        path: &[
            (Lumbar(2), [0.013, 0.104, 0.034]),
            (Lumbar(3), [-0.003, 0.051, 0.04934]),
            (Lumbar(4), [-0.008, 0.029, 0.0557]),
            (Sacrum, [-0.00572358, 0.0317726, 0.0549007]),
        ],
    },
    Fascicle {
        name: "ILplL3CI",
        pcsa_cm2: 1.82,
        path: &[(Lumbar(3), [0.019, 0.078, 0.035]), (Sacrum, [-0.00991402, 0.0279672, 0.0529199])],
    },
    Fascicle {
        name: "ILplL4CI",
        pcsa_cm2: 1.89,
        path: &[(Lumbar(4), [0.025, 0.05, 0.035]), (Sacrum, [-0.0125597, 0.02113, 0.0502513])],
    },
    Fascicle {
        name: "ILptC5SIPS",
        pcsa_cm2: 0.23,
        path: &[
            (Torso, [-0.049, 0.357, 0.06]),
            (Torso, [-0.05, 0.336, 0.05975]),
            (Torso, [-0.052, 0.317, 0.05953]),
            (Torso, [-0.053, 0.283, 0.05913]),
            (Torso, [-0.053, 0.252, 0.05876]),
            (Torso, [-0.051, 0.223, 0.05842]),
            (Torso, [-0.025, 0.128, 0.0573]),
            (Lumbar(1), [-0.017, 0.106, 0.05704]),
            (Lumbar(2), [-0.009, 0.074, 0.05667]),
            (Lumbar(3), [-0.008, 0.051, 0.0564]),
            (Sacrum, [0.00208588, 0.0372169, 0.0562346]),
        ],
    },
    Fascicle {
        name: "ILptC6SIPS",
        pcsa_cm2: 0.32,
        path: &[
            (Torso, [-0.05, 0.332, 0.06]),
            (Torso, [-0.052, 0.315, 0.05961]),
            (Torso, [-0.054, 0.283, 0.05889]),
            (Torso, [-0.053, 0.25, 0.05814]),
            (Torso, [-0.051, 0.222, 0.05751]),
            (Torso, [-0.025, 0.128, 0.05538]),
            (Lumbar(1), [-0.017, 0.106, 0.05488]),
            (Lumbar(2), [-0.009, 0.074, 0.05415]),
            (Lumbar(3), [-0.008, 0.051, 0.05363]),
            (Sacrum, [-0.00317836, 0.0328506, 0.0532211]),
        ],
    },
    Fascicle {
        name: "ILptC7CI",
        pcsa_cm2: 0.39,
        path: &[
            (Torso, [-0.052, 0.31, 0.06]),
            (Torso, [-0.054, 0.282, 0.05842]),
            (Torso, [-0.053, 0.249, 0.05657]),
            (Torso, [-0.051, 0.22, 0.05493]),
            (Torso, [-0.025, 0.128, 0.04976]),
            (Lumbar(1), [-0.017, 0.106, 0.04852]),
            (Lumbar(2), [-0.009, 0.074, 0.04672]),
            (Lumbar(3), [-0.008, 0.051, 0.04542]),
            (Sacrum, [-0.00800184, 0.0184049, 0.0435864]),
        ],
    },
    Fascicle {
        name: "ILptC8CI",
        pcsa_cm2: 0.34,
        path: &[
            (Torso, [-0.054, 0.276, 0.06]),
            (Torso, [-0.053, 0.245, 0.05831]),
            (Torso, [-0.051, 0.218, 0.05684]),
            (Torso, [-0.025, 0.128, 0.05195]),
            (Lumbar(1), [-0.017, 0.106, 0.05075]),
            (Lumbar(2), [-0.009, 0.074, 0.04901]),
            (Lumbar(3), [-0.008, 0.051, 0.04776]),
            (Sacrum, [-0.00526293, 0.0243863, 0.046309]),
        ],
    },
    Fascicle {
        name: "ILptC9CI",
        pcsa_cm2: 0.50,
        path: &[
            (Torso, [-0.053, 0.238, 0.06]),
            (Torso, [-0.05, 0.216, 0.05894]),
            (Torso, [-0.025, 0.128, 0.0547]),
            (Lumbar(1), [-0.017, 0.106, 0.05364]),
            (Lumbar(2), [-0.009, 0.074, 0.0521]),
            (Lumbar(3), [-0.008, 0.051, 0.051]),
            (Sacrum, [-0.00222712, 0.0301648, 0.0499919]),
        ],
    },
    Fascicle {
        name: "ILptC10CI",
        pcsa_cm2: 1.00,
        path: &[
            (Torso, [-0.05, 0.207, 0.06]),
            (Torso, [-0.025, 0.128, 0.05674]),
            (Lumbar(1), [-0.017, 0.106, 0.05584]),
            (Lumbar(2), [-0.009, 0.074, 0.05452]),
            (Lumbar(3), [-0.006, 0.051, 0.05357]),
            (Sacrum, [0.000544396, 0.0349682, 0.0529106]),
        ],
    },
    Fascicle {
        name: "ILptC11CI",
        pcsa_cm2: 1.23,
        path: &[
            (Torso, [-0.035, 0.177, 0.06]),
            (Lumbar(1), [-0.017, 0.106, 0.05841]),
            (Lumbar(2), [-0.009, 0.074, 0.05769]),
            (Lumbar(3), [-0.004, 0.051, 0.05718]),
            (Sacrum, [0.00440885, 0.0385561, 0.0568978]),
        ],
    },
    Fascicle {
        name: "ILptC12CI",
        pcsa_cm2: 1.47,
        path: &[
            (Torso, [-0.009, 0.146, 0.06]),
            (Lumbar(1), [-0.007, 0.106, 0.06085]),
            (Lumbar(2), [-0.003, 0.074, 0.06153]),
            (Lumbar(3), [0.0, 0.051, 0.06202]),
            (Sacrum, [0.0103772, 0.0412754, 0.0622313]),
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::super::anybody_psoas::rising_fascicles;
    use super::*;

    const PARTS: [&str; 4] = ["LTpl", "LTpt", "ILpl", "ILpt"];

    fn part(name: &str) -> &str {
        PARTS.iter().copied().find(|p| name.starts_with(p)).expect(name)
    }

    /// Every fascicle runs caudally: from a lumbar vertebra (pars lumborum) or the thorax (pars
    /// thoracis), each point on the same or a lower body than the last, the last on a lower body
    /// than the first, and each point lower than the last, except the L4 via points of `ILplL1CI`
    /// and `ILplL2CI`, which lie less than 7 mm below their iliac-crest ends. All points are on
    /// the right or on the midline.
    #[test]
    fn fascicles_run_caudally() {
        for f in &FASCICLES {
            match part(f.name) {
                "LTpl" | "ILpl" => assert!(matches!(f.path[0].0, Lumbar(1..=5)), "{}", f.name),
                _ => assert_eq!(f.path[0].0, Torso, "{}", f.name),
            }
        }
        assert_eq!(rising_fascicles(&FASCICLES, 0.007), ["ILplL1CI", "ILplL2CI"]);
    }

    /// The caudal ends: `LTptT1L1`…`LTptT5L5` on L1…L5 as named, every other fascicle on the
    /// pelvis; the thoracic fascicles pass every lumbar vertebra from L1 down: L1–L3 for `ILpt`,
    /// to their lumbar end or L5 for `LTpt`.
    #[test]
    fn caudal_ends_and_lumbar_via_points() {
        for f in &FASCICLES {
            let last = f.path.last().unwrap().0;
            let lumbar_end = ["LTptT1L1", "LTptT2L2", "LTptT3L3", "LTptT4L4", "LTptT5L5"]
                .iter()
                .position(|n| *n == f.name);
            match lumbar_end {
                Some(k) => assert_eq!(last, Lumbar(k + 1), "{}", f.name),
                None => assert_eq!(last, Sacrum, "{}", f.name),
            }
            if f.path[0].0 == Torso {
                let lumbar: Vec<usize> = f
                    .path
                    .iter()
                    .filter_map(|(b, _)| match b {
                        Lumbar(k) => Some(*k),
                        _ => None,
                    })
                    .collect();
                // Through L1…L3 to the iliac crest (`ILpt`), through L1…L5 to the sacrum or down
                // to the named lumbar vertebra (`LTpt`).
                let n = match (part(f.name), lumbar_end) {
                    ("ILpt", _) => 3,
                    (_, Some(k)) => k + 1,
                    _ => 5,
                };
                assert_eq!(lumbar, (1..=n).collect::<Vec<_>>(), "{}", f.name);
            }
        }
    }

    /// Twenty-nine distinct fascicles: five `LTpl`, twelve `LTpt`, four `ILpl`, eight `ILpt`;
    /// their cross-sections sum to the source's 4.99, 11.09, 6.33 and 5.48 cm², 27.89 cm² in all.
    #[test]
    fn fascicle_set_and_total_cross_section() {
        let count = |p: &str| FASCICLES.iter().filter(|f| part(f.name) == p).count();
        assert_eq!(PARTS.map(count), [5, 12, 4, 8]);
        for (i, f) in FASCICLES.iter().enumerate() {
            assert!(FASCICLES[i + 1..].iter().all(|g| g.name != f.name), "{}", f.name);
        }
        let sum =
            |p: &str| -> f64 { FASCICLES.iter().filter(|f| part(f.name) == p).map(|f| f.pcsa_cm2).sum() };
        for (p, want) in PARTS.iter().zip([4.99, 11.09, 6.33, 5.48]) {
            assert!((sum(p) - want).abs() < 1e-9, "{p}: {}", sum(p));
        }
        let total: f64 = FASCICLES.iter().map(|f| f.pcsa_cm2).sum();
        assert!((total - 27.89).abs() < 1e-9, "{total}");
    }
}
