//! From the raw schema to a [`Scenario`]: ranges, consistency between tables, defaults.
//!
//! Every check records its problem and goes on, so one pass reports everything. Defaults are
//! those a HYDRUS-1D user would expect and are named constants.

use super::check::{Check, Range};
use super::parse::section;
use super::schema::*;
use super::{soil, PlantInfo, Scenario};
use crate::error::{InputError, InputErrors};
use crate::forcing::from_weather::weather_forcing;
use crate::forcing::series::parse_series;
use crate::forcing::split::{BareSoil, CoverSplit, PotentialSplit, SpeciesSplit};
use crate::forcing::{ForcingSchedule, IrrigationRule};
use crate::species::find_species;
use crate::weather::read_weather_csv;
use aralkum_core::column::{
    Accuracy, BottomBoundary, BottomKind, ColumnSpec, Feddes, InitialSalt, InitialWater, PlantSpec,
    RootDistribution, SaltStress, SaltStressBasis, TopBoundary, Tortuosity, TransportSpec,
};
use aralkum_core::crop::cover::KC_MAX_STANDARD;
use aralkum_core::date::Date;
use aralkum_core::et0::radiation::KRS_COASTAL;
use aralkum_core::et0::Site;
use aralkum_core::units::DEFAULT_TDS_G_L_PER_DS_M;
use std::path::Path;

/// Least number of nodes when `[grid]` gives neither `nodes` nor `spacing_cm`.
pub const DEFAULT_NODES: usize = 101;
/// Molecular diffusion (cm2/d) when `[transport]` gives none: NaCl in free water at 25 C is
/// 1.5e-5 cm2/s (Robinson & Stokes 1959), about 1.3 cm2/d; 1.0 allows for cooler soil water.
pub const DEFAULT_MOLECULAR_DIFFUSION_CM2_D: f64 = 1.0;
/// Surface head (cm) below which an atmospheric top stops evaporating at the potential rate.
pub const DEFAULT_H_CRIT_CM: f64 = -15_000.0;
/// Depth (cm) of the root zone of a bare soil: the topsoil where salinity matters for emergence.
pub const DEFAULT_BARE_ROOT_ZONE_CM: f64 = 30.0;
/// Largest salt concentration accepted (g/L): above halite saturation (about 360 g/L).
const MAX_SALT_G_L: f64 = 400.0;

/// The whole file as written.
pub struct RawScenario {
    simulation: Option<RawSimulation>,
    site: Option<RawSite>,
    grid: Option<RawGrid>,
    soil: Option<RawSoil>,
    initial: Option<RawInitial>,
    top: Option<RawTop>,
    bottom: Option<RawBottom>,
    forcing: Option<RawForcing>,
    irrigation: Option<Vec<RawIrrigation>>,
    plants: Option<Vec<RawPlant>>,
    transport: Option<RawTransport>,
    /// Tables that were present but unreadable (already reported): no "missing" error for them.
    broken: Vec<&'static str>,
}

impl RawScenario {
    /// Reads every table; structural errors go to `errors`.
    pub fn read(file: &str, text: &str, errors: &mut InputErrors) -> RawScenario {
        let mut broken = Vec::new();
        macro_rules! read {
            ($name:literal) => {{
                let n = errors.0.len();
                let v = section(file, text, $name, errors);
                if errors.0.len() > n {
                    broken.push($name);
                }
                v
            }};
        }
        RawScenario {
            simulation: read!("simulation"),
            site: read!("site"),
            grid: read!("grid"),
            soil: read!("soil"),
            initial: read!("initial"),
            top: read!("top"),
            bottom: read!("bottom"),
            forcing: read!("forcing"),
            irrigation: read!("irrigation"),
            plants: read!("plants"),
            transport: read!("transport"),
            broken,
        }
    }
}

/// Validates everything; `errors` already holds the structural problems.
pub fn validate(
    raw: RawScenario,
    file: &str,
    base_dir: &Path,
    errors: InputErrors,
) -> Result<Scenario, InputErrors> {
    let mut c = Check::new(file);
    c.errors = errors;
    let broken = raw.broken.clone();
    let need = |c: &mut Check, present: bool, name: &'static str| {
        if !present && !broken.contains(&name) {
            c.error(name, "", format!("missing table [{name}]"));
        }
    };
    need(&mut c, raw.simulation.is_some(), "simulation");
    need(&mut c, raw.grid.is_some(), "grid");
    need(&mut c, raw.soil.is_some(), "soil");
    need(&mut c, raw.initial.is_some(), "initial");
    need(&mut c, raw.top.is_some(), "top");
    need(&mut c, raw.bottom.is_some(), "bottom");

    let sim = raw.simulation.unwrap_or_default();
    let start = c
        .required(sim.start.clone(), "simulation.start")
        .and_then(|s| {
            let d = Date::parse_iso(&s);
            if d.is_none() {
                c.error(
                    "simulation.start",
                    format!("\"{s}\""),
                    "must be a calendar date YYYY-MM-DD",
                );
            }
            d
        });
    let duration = c.required_number(
        sim.duration_d,
        "simulation.duration_d",
        Range::gt(0.0).and_le(36_600.0),
    );
    let interval = c.number(
        Some(sim.output_interval_d.unwrap_or(1.0)),
        "simulation.output_interval_d",
        Range::gt(0.0).and_le(36_600.0),
    );
    if let (Some(i), Some(d)) = (interval, duration) {
        if i > d {
            c.error(
                "simulation.output_interval_d",
                i,
                format!("must be <= simulation.duration_d = {d}"),
            );
        }
        if d / i > 2e6 {
            c.error(
                "simulation.output_interval_d",
                i,
                format!("gives {:.0} rows; must give at most 2000000", d / i),
            );
        }
    }
    let mut profile_times = Vec::new();
    match (&sim.profile_times_d, duration) {
        (Some(times), Some(d)) => {
            for (k, &t) in times.iter().enumerate() {
                let path = format!("simulation.profile_times_d[{k}]");
                if let Some(t) = c.number(Some(t), &path, Range::gt(0.0).and_le(d)) {
                    if profile_times.last().is_some_and(|&last| t <= last) {
                        c.error(
                            &path,
                            t,
                            "must be > the time before it (times go in increasing order)",
                        );
                    } else {
                        profile_times.push(t);
                    }
                }
            }
        }
        (None, Some(d)) => profile_times.push(d),
        _ => {}
    }
    let tds = c.number_or(
        sim.tds_g_l_per_ds_m,
        "simulation.tds_g_l_per_ds_m",
        Range::gt(0.3).and_le(1.0),
        DEFAULT_TDS_G_L_PER_DS_M,
    );

    let accuracy = match sim.accuracy.as_deref() {
        None => Some(Accuracy::Fast),
        Some(a) => c
            .choice(
                a,
                "simulation.accuracy",
                &["fast", "reference", "converged"],
            )
            .map(|a| match a {
                "reference" => Accuracy::Reference,
                "converged" => Accuracy::Converged,
                _ => Accuracy::Fast,
            }),
    };
    let site = raw.site.unwrap_or_default();
    c.number(
        site.latitude_deg,
        "site.latitude_deg",
        Range::ge(-90.0).and_le(90.0),
    );
    c.number(
        site.elevation_m,
        "site.elevation_m",
        Range::ge(-500.0).and_le(9000.0),
    );
    if let Some(s) = &site.station {
        c.error(
            "site.station",
            format!("\"{s}\""),
            "built-in climate stations are for site files of `aralkum plan`; a scenario gives \
             [forcing] series or weather",
        );
    }
    let name = site.name.clone().unwrap_or_else(|| {
        Path::new(file)
            .file_stem()
            .map_or_else(|| file.to_string(), |s| s.to_string_lossy().into_owned())
    });

    // Grid and soil.
    let grid = raw.grid.unwrap_or_default();
    let depth = c.required_number(grid.depth_cm, "grid.depth_cm", Range::gt(0.0).and_le(1e5));
    let nodes = match (grid.nodes, grid.spacing_cm) {
        (Some(_), Some(_)) => {
            c.error("grid.spacing_cm", "", "give nodes or spacing_cm, not both");
            None
        }
        (Some(n), None) => {
            if (3..=100_000).contains(&n) {
                Some(n as usize)
            } else {
                c.error("grid.nodes", n, "must be >= 3 and <= 100000");
                None
            }
        }
        (None, Some(s)) => c
            .number(Some(s), "grid.spacing_cm", Range::gt(0.0).and_le(1e5))
            .zip(depth)
            .and_then(|(s, d)| {
                let n = (d / s).ceil() + 1.0;
                if n > 100_000.0 {
                    c.error(
                        "grid.spacing_cm",
                        s,
                        format!("gives {n} nodes; at most 100000"),
                    );
                    None
                } else {
                    Some((n as usize).max(3))
                }
            }),
        (None, None) => Some(DEFAULT_NODES),
    };
    let layers = soil::layers(&mut c, raw.soil.unwrap_or_default().layers, depth);

    // Boundaries.
    let top = top(&mut c, raw.top.unwrap_or_default());
    let bottom = bottom(&mut c, raw.bottom.unwrap_or_default());

    // Initial state.
    let (initial_water, initial_salt) = initial(
        &mut c,
        raw.initial.unwrap_or_default(),
        layers.as_deref(),
        bottom.as_ref(),
        depth,
    );

    let transport = {
        let t = raw.transport.unwrap_or_default();
        let d = c.number_or(
            t.molecular_diffusion_cm2_d,
            "transport.molecular_diffusion_cm2_d",
            Range::ge(0.0).and_le(1e3),
            DEFAULT_MOLECULAR_DIFFUSION_CM2_D,
        );
        let tort = match t.tortuosity.as_deref() {
            None => Some(Tortuosity::MillingtonQuirk),
            Some(s) => c
                .choice(s, "transport.tortuosity", &["millington_quirk", "none"])
                .map(|s| {
                    if s == "none" {
                        Tortuosity::None
                    } else {
                        Tortuosity::MillingtonQuirk
                    }
                }),
        };
        tort.map(|tortuosity| TransportSpec {
            molecular_diffusion_cm2_d: d,
            tortuosity,
        })
    };

    // Plants.
    let raw_plants = raw.plants.unwrap_or_default();
    let plant_given = !raw_plants.is_empty() || broken.contains(&"plants");
    if raw_plants.len() > 1 {
        c.error(
            "plants",
            format!("{} tables", raw_plants.len()),
            "one [[plants]] table per column is supported",
        );
    }
    let plant = raw_plants
        .into_iter()
        .next()
        .and_then(|p| plant(&mut c, p, depth));

    // Forcing.
    let ctx = ForcingContext {
        base_dir,
        duration_d: duration,
        start,
        site: &site,
        plant: plant.as_ref().map(|p| &p.0),
        plant_given,
    };
    let mut forcing = forcing(&mut c, raw.forcing, &ctx);
    let rules = irrigation(&mut c, raw.irrigation.unwrap_or_default(), duration);
    if let Some(f) = forcing.as_mut() {
        f.rules = rules;
    }

    let root_zone = match sim.root_zone_depth_cm {
        Some(v) => c.number(
            Some(v),
            "simulation.root_zone_depth_cm",
            Range::gt(0.0).and_le(depth.unwrap_or(f64::MAX)),
        ),
        None => Some(match (&plant, depth) {
            (Some(p), _) => p.0.root_depth_cm,
            (None, Some(d)) => DEFAULT_BARE_ROOT_ZONE_CM.min(d),
            (None, None) => DEFAULT_BARE_ROOT_ZONE_CM,
        }),
    };

    if !c.errors.is_empty() {
        return Err(c.errors);
    }
    // Every value below is present: each absent one recorded an error above.
    let (
        Some(start),
        Some(duration_d),
        Some(output_interval_d),
        Some(depth_cm),
        Some(min_nodes),
        Some(accuracy),
    ) = (start, duration, interval, depth, nodes, accuracy)
    else {
        return Err(internal(file));
    };
    let (
        Some(layers),
        Some(top),
        Some(bottom),
        Some(iw),
        Some(is),
        Some(transport),
        Some(forcing),
        Some(root_zone),
    ) = (
        layers,
        top,
        bottom,
        initial_water,
        initial_salt,
        transport,
        forcing,
        root_zone,
    )
    else {
        return Err(internal(file));
    };
    let (plant_info, plant_spec) = match plant {
        Some((i, s)) => (Some(i), Some(s)),
        None => (None, None),
    };
    Ok(Scenario {
        file: file.to_string(),
        name,
        start,
        duration_d,
        output_interval_d,
        profile_times_d: profile_times,
        root_zone_depth_cm: root_zone,
        column: ColumnSpec {
            depth_cm,
            min_nodes,
            layers,
            initial_water: iw,
            initial_salt: is,
            top,
            bottom,
            transport,
            plant: plant_spec,
            tds_g_l_per_ds_m: tds,
        },
        forcing,
        plant: plant_info,
        accuracy,
    })
}

fn internal(file: &str) -> InputErrors {
    InputError::new(
        file,
        "document",
        "",
        "incomplete scenario (a check was missed)",
    )
    .into()
}

fn top(c: &mut Check, t: RawTop) -> Option<TopBoundary> {
    let kind = c.required(t.kind.clone(), "top.kind")?;
    let kind = c.choice(&kind, "top.kind", &["atmospheric", "constant_head", "flux"])?;
    let salt = |c: &mut Check| {
        c.number_or(
            t.salt_g_l,
            "top.salt_g_l",
            Range::ge(0.0).and_le(MAX_SALT_G_L),
            0.0,
        )
    };
    match kind {
        "atmospheric" => {
            let why = "not used by an atmospheric top";
            c.unused(&t.head_cm, "top.head_cm", why);
            c.unused(&t.flux_cm_d, "top.flux_cm_d", why);
            c.unused(
                &t.salt_g_l,
                "top.salt_g_l",
                "not used by an atmospheric top: rain's concentration is [forcing] \
                 precip_salt_g_l, irrigation's is in the series or the [[irrigation]] rules",
            );
            let h_crit = c.number_or(
                t.h_crit_cm,
                "top.h_crit_cm",
                Range::ge(-1e7).and_lt(0.0),
                DEFAULT_H_CRIT_CM,
            );
            let pond = c.number_or(
                t.max_ponding_cm,
                "top.max_ponding_cm",
                Range::ge(0.0).and_le(1e3),
                0.0,
            );
            Some(TopBoundary::Atmospheric {
                h_crit_cm: h_crit,
                max_ponding_cm: pond,
            })
        }
        "constant_head" => {
            let why = "not used by a constant_head top";
            c.unused(&t.h_crit_cm, "top.h_crit_cm", why);
            c.unused(&t.max_ponding_cm, "top.max_ponding_cm", why);
            c.unused(&t.flux_cm_d, "top.flux_cm_d", why);
            let salt = salt(c);
            let h = c.required_number(t.head_cm, "top.head_cm", Range::ge(-1e7).and_le(1e4))?;
            Some(TopBoundary::ConstantHead {
                head_cm: h,
                salt_g_l: salt,
            })
        }
        _ => {
            let why = "not used by a flux top";
            c.unused(&t.h_crit_cm, "top.h_crit_cm", why);
            c.unused(&t.max_ponding_cm, "top.max_ponding_cm", why);
            c.unused(&t.head_cm, "top.head_cm", why);
            let salt = salt(c);
            let q = c.required_number(t.flux_cm_d, "top.flux_cm_d", Range::ge(-1e3).and_le(1e4))?;
            Some(TopBoundary::Flux {
                flux_cm_d: q,
                salt_g_l: salt,
            })
        }
    }
}

fn bottom(c: &mut Check, b: RawBottom) -> Option<BottomBoundary> {
    let salt = c.number_or(
        b.salt_g_l,
        "bottom.salt_g_l",
        Range::ge(0.0).and_le(MAX_SALT_G_L),
        0.0,
    );
    let kind = c.required(b.kind.clone(), "bottom.kind")?;
    let kind = c.choice(
        &kind,
        "bottom.kind",
        &["water_table", "free_drainage", "constant_head", "zero_flux"],
    )?;
    let why = format!("not used by a {kind} bottom");
    if kind != "water_table" {
        c.unused(&b.water_table_depth_cm, "bottom.water_table_depth_cm", &why);
    }
    if kind != "constant_head" {
        c.unused(&b.head_cm, "bottom.head_cm", &why);
    }
    let kind = match kind {
        "water_table" => BottomKind::WaterTable {
            depth_cm: c.required_number(
                b.water_table_depth_cm,
                "bottom.water_table_depth_cm",
                Range::ge(0.0).and_le(1e5),
            )?,
        },
        "constant_head" => BottomKind::ConstantHead {
            head_cm: c.required_number(b.head_cm, "bottom.head_cm", Range::ge(-1e7).and_le(1e5))?,
        },
        "free_drainage" => BottomKind::FreeDrainage,
        _ => BottomKind::ZeroFlux,
    };
    Some(BottomBoundary {
        kind,
        salt_g_l: salt,
    })
}

fn initial(
    c: &mut Check,
    i: RawInitial,
    layers: Option<&[aralkum_core::column::SoilLayer]>,
    bottom: Option<&BottomBoundary>,
    depth: Option<f64>,
) -> (Option<InitialWater>, Option<InitialSalt>) {
    use aralkum_core::soil::HydraulicFunctions;
    let depth_range = Range::ge(0.0).and_le(depth.unwrap_or(1e5));
    let given = usize::from(i.head_cm.is_some())
        + usize::from(i.head_profile_cm.is_some())
        + usize::from(i.theta.is_some());
    let water = if given == 0 {
        c.error(
            "initial",
            "",
            "missing key: give one of head_cm (a number or \"equilibrium\"), head_profile_cm, theta",
        );
        None
    } else if given > 1 {
        c.error(
            "initial",
            "",
            "give only one of head_cm, head_profile_cm, theta",
        );
        None
    } else if let Some(v) = &i.head_cm {
        match v {
            toml::Value::String(s) if s == "equilibrium" => match bottom.map(|b| &b.kind) {
                Some(BottomKind::WaterTable { .. } | BottomKind::ConstantHead { .. }) => {
                    Some(InitialWater::Equilibrium)
                }
                Some(_) => {
                    c.error(
                        "initial.head_cm",
                        "\"equilibrium\"",
                        "needs a water_table or constant_head bottom to be in equilibrium with",
                    );
                    None
                }
                None => None,
            },
            toml::Value::Float(_) | toml::Value::Integer(_) => {
                let h = v
                    .as_float()
                    .unwrap_or_else(|| v.as_integer().unwrap_or(0) as f64);
                c.number(Some(h), "initial.head_cm", Range::ge(-1e7).and_le(1e5))
                    .map(InitialWater::Head)
            }
            other => {
                c.error(
                    "initial.head_cm",
                    other.to_string(),
                    "must be a number (cm) or \"equilibrium\"",
                );
                None
            }
        }
    } else if let Some(p) = &i.head_profile_cm {
        c.pairs(
            p,
            "initial.head_profile_cm",
            depth_range,
            Range::ge(-1e7).and_le(1e5),
        )
        .map(InitialWater::HeadProfile)
    } else {
        let theta = i.theta.unwrap_or(0.0);
        let mut ok = c
            .number(Some(theta), "initial.theta", Range::gt(0.0).and_le(1.0))
            .is_some();
        for (k, l) in layers.unwrap_or(&[]).iter().enumerate() {
            let (r, s) = (l.hydraulics.theta_r(), l.hydraulics.theta_s());
            if ok && !(theta > r && theta <= s) {
                c.error(
                    "initial.theta",
                    theta,
                    format!("must be > theta_r = {r} and <= theta_s = {s} of soil.layers[{k}]"),
                );
                ok = false;
            }
        }
        ok.then_some(InitialWater::Theta(theta))
    };

    let salt_range = Range::ge(0.0).and_le(MAX_SALT_G_L);
    let ece_range = Range::ge(0.0).and_le(MAX_SALT_G_L / DEFAULT_TDS_G_L_PER_DS_M);
    let given = usize::from(i.salt_g_l.is_some())
        + usize::from(i.ece_ds_m.is_some())
        + usize::from(i.salt_profile_g_l.is_some())
        + usize::from(i.ece_profile_ds_m.is_some());
    let salt = if given == 0 {
        c.error(
            "initial",
            "",
            "missing key: give one of salt_g_l, ece_ds_m, salt_profile_g_l, ece_profile_ds_m",
        );
        None
    } else if given > 1 {
        c.error(
            "initial",
            "",
            "give only one of salt_g_l, ece_ds_m, salt_profile_g_l, ece_profile_ds_m",
        );
        None
    } else if let Some(v) = i.salt_g_l {
        c.number(Some(v), "initial.salt_g_l", salt_range)
            .map(InitialSalt::Concentration)
    } else if let Some(v) = i.ece_ds_m {
        c.number(Some(v), "initial.ece_ds_m", ece_range)
            .map(InitialSalt::Ece)
    } else if let Some(p) = &i.salt_profile_g_l {
        c.pairs(p, "initial.salt_profile_g_l", depth_range, salt_range)
            .map(InitialSalt::ConcentrationProfile)
    } else {
        let p = i.ece_profile_ds_m.as_deref().unwrap_or(&[]);
        c.pairs(p, "initial.ece_profile_ds_m", depth_range, ece_range)
            .map(InitialSalt::EceProfile)
    };
    (water, salt)
}

fn plant(c: &mut Check, p: RawPlant, depth: Option<f64>) -> Option<(PlantInfo, PlantSpec)> {
    let before = c.errors.0.len();
    // A species from the table gives every parameter the user leaves out.
    let species = p.species.as_deref().and_then(|id| match find_species(id) {
        Ok(s) => Some(s.params),
        Err(e) => {
            c.error("plants[0].species", format!("\"{id}\""), e.message);
            None
        }
    });
    if p.species.is_none() {
        let need = |c: &mut Check, present: bool, path: &str| {
            if !present {
                c.error(path, "", "missing key (or give a species from the table)");
            }
        };
        need(c, p.root_depth_cm.is_some(), "plants[0].root_depth_cm");
        need(c, p.feddes_cm.is_some(), "plants[0].feddes_cm");
    }
    let season_start = c.number_or(
        p.season_start_d,
        "plants[0].season_start_d",
        Range::ge(0.0).and_le(36_600.0),
        0.0,
    );
    let root_depth = p.root_depth_cm.and_then(|r| {
        c.number(
            Some(r),
            "plants[0].root_depth_cm",
            Range::gt(0.0).and_le(depth.unwrap_or(1e5)),
        )
    });
    let feddes_h = p.feddes_cm.as_ref().and_then(|f| {
        if f.len() != 5 || f.iter().any(|v| !v.is_finite()) {
            c.error(
                "plants[0].feddes_cm",
                format!("{f:?}"),
                "must be five heads [h1, h2, h3_high, h3_low, h4] (cm)",
            );
            return None;
        }
        let ok = f[0] > f[1] && f[1] > f[2] && f[2] >= f[3] && f[3] > f[4];
        if !ok {
            c.error(
                "plants[0].feddes_cm",
                format!("{f:?}"),
                "must satisfy h1 > h2 > h3_high >= h3_low > h4",
            );
            return None;
        }
        Some([f[0], f[1], f[2], f[3], f[4]])
    });
    let feddes_h = feddes_h.or_else(|| {
        species.map(|s| {
            let f = s.feddes;
            [f.h1_cm, f.h2_cm, f.h3_high_cm, f.h3_low_cm, f.h4_cm]
        })
    });
    let tp = match &p.feddes_tp_cm_d {
        None => Some([0.5, 0.1]),
        Some(v)
            if v.len() == 2 && v.iter().all(|x| x.is_finite()) && v[0] > v[1] && v[1] >= 0.0 =>
        {
            Some([v[0], v[1]])
        }
        Some(v) => {
            c.error(
                "plants[0].feddes_tp_cm_d",
                format!("{v:?}"),
                "must be [tp_high, tp_low] (cm/d) with tp_high > tp_low >= 0",
            );
            None
        }
    };
    let distribution = match &p.root_distribution {
        None => Some(RootDistribution::Uniform),
        Some(toml::Value::String(s)) => c
            .choice(s, "plants[0].root_distribution", &["uniform", "linear"])
            .map(|s| {
                if s == "linear" {
                    RootDistribution::Linear
                } else {
                    RootDistribution::Uniform
                }
            }),
        Some(toml::Value::Array(a)) => {
            let mut pairs = Vec::new();
            let mut ok = true;
            for (k, item) in a.iter().enumerate() {
                let nums: Option<Vec<f64>> = item.as_array().map(|x| {
                    x.iter()
                        .map(|v| {
                            v.as_float()
                                .or(v.as_integer().map(|i| i as f64))
                                .unwrap_or(f64::NAN)
                        })
                        .collect()
                });
                match nums {
                    Some(v) => pairs.push(v),
                    None => {
                        c.error(
                            &format!("plants[0].root_distribution[{k}]"),
                            item.to_string(),
                            "must be a pair [depth_cm, weight]",
                        );
                        ok = false;
                    }
                }
            }
            let table = if ok {
                c.pairs(
                    &pairs,
                    "plants[0].root_distribution",
                    Range::ge(0.0).and_le(depth.unwrap_or(1e5)),
                    Range::ge(0.0),
                )
            } else {
                None
            };
            match table {
                Some(t) if t.iter().any(|p| p.1 > 0.0) => Some(RootDistribution::Table(t)),
                Some(_) => {
                    c.error("plants[0].root_distribution", "", "needs a weight > 0");
                    None
                }
                None => None,
            }
        }
        Some(other) => {
            c.error(
                "plants[0].root_distribution",
                other.to_string(),
                "must be \"uniform\", \"linear\" or [[depth_cm, weight], ...]",
            );
            None
        }
    };
    let mh = (p.salt_threshold_ds_m, p.salt_slope_pct_per_ds_m);
    let ss = (p.salt_ec50_ds_m, p.salt_exponent);
    let salt_stress = match (mh, ss) {
        ((None, None), (None, None)) => {
            Some(species.map_or(SaltStress::None, |s| s.solver_salt_stress()))
        }
        ((Some(t), Some(s)), (None, None)) => {
            let t = c.number(
                Some(t),
                "plants[0].salt_threshold_ds_m",
                Range::ge(0.0).and_le(200.0),
            );
            let s = c.number(
                Some(s),
                "plants[0].salt_slope_pct_per_ds_m",
                Range::gt(0.0).and_le(100.0),
            );
            t.zip(s).map(|(t, s)| SaltStress::MaasHoffman {
                threshold_ds_m: t,
                slope_pct_per_ds_m: s,
            })
        }
        ((None, None), (Some(e), Some(x))) => {
            let e = c.number(
                Some(e),
                "plants[0].salt_ec50_ds_m",
                Range::gt(0.0).and_le(500.0),
            );
            let x = c.number(
                Some(x),
                "plants[0].salt_exponent",
                Range::gt(0.0).and_le(100.0),
            );
            e.zip(x).map(|(e, x)| SaltStress::SShape {
                ec50_ds_m: e,
                exponent: x,
            })
        }
        ((None, None), _) => {
            c.error(
                "plants[0]",
                "",
                "the S-shape salinity stress needs both salt_ec50_ds_m and salt_exponent",
            );
            None
        }
        (_, (None, None)) => {
            c.error(
                "plants[0]",
                "",
                "the Maas-Hoffman salinity stress needs both salt_threshold_ds_m and \
                 salt_slope_pct_per_ds_m",
            );
            None
        }
        _ => {
            c.error(
                "plants[0]",
                "",
                "give either the Maas-Hoffman keys (salt_threshold_ds_m, salt_slope_pct_per_ds_m) \
                 or the S-shape keys (salt_ec50_ds_m, salt_exponent), not both",
            );
            None
        }
    };
    let basis = match p.salt_stress_basis.as_deref() {
        None => Some(SaltStressBasis::Ece),
        Some(s) => c
            .choice(s, "plants[0].salt_stress_basis", &["ece", "soil_solution"])
            .map(|s| {
                if s == "ece" {
                    SaltStressBasis::Ece
                } else {
                    SaltStressBasis::SoilSolution
                }
            }),
    };
    if c.errors.0.len() > before {
        return None;
    }
    let (h, tp) = (feddes_h?, tp?);
    // Without an explicit depth the species' roots grow; the root zone is their deepest reach
    // within the column.
    let (root_depth_cm, root_depth_fixed) = match (root_depth, species) {
        (Some(r), _) => (r, true),
        (None, Some(s)) => (s.roots.max_cm.min(depth.unwrap_or(f64::MAX)), false),
        (None, None) => return None,
    };
    Some((
        PlantInfo {
            species: p.species,
            root_depth_cm,
            root_depth_fixed,
            params: species,
            season_start_d: season_start,
        },
        PlantSpec {
            feddes: Feddes {
                h1_cm: h[0],
                h2_cm: h[1],
                h3_high_cm: h[2],
                h3_low_cm: h[3],
                h4_cm: h[4],
                tp_high_cm_d: tp[0],
                tp_low_cm_d: tp[1],
            },
            root_distribution: distribution?,
            salt_stress: salt_stress?,
            salt_stress_basis: basis?,
        },
    ))
}

/// What the forcing needs from the other tables.
struct ForcingContext<'a> {
    base_dir: &'a Path,
    duration_d: Option<f64>,
    start: Option<Date>,
    site: &'a RawSite,
    /// The plant when it validated.
    plant: Option<&'a PlantInfo>,
    /// True when a `[[plants]]` table exists (valid or not).
    plant_given: bool,
}

fn forcing(c: &mut Check, f: Option<RawForcing>, ctx: &ForcingContext) -> Option<ForcingSchedule> {
    let Some(f) = f else {
        // No forcing: nothing falls, nothing is demanded (a constant_head or flux top needs none).
        return Some(ForcingSchedule::default());
    };
    let precip_salt = c.number_or(
        f.precip_salt_g_l,
        "forcing.precip_salt_g_l",
        Range::ge(0.0).and_le(MAX_SALT_G_L),
        0.0,
    );
    let n_days = ctx.duration_d.map(|d| d.ceil().max(1.0) as usize);
    let species_split = |p: &PlantInfo| {
        p.params.map(|params| SpeciesSplit {
            params,
            season_start_d: p.season_start_d,
            kc_max: KC_MAX_STANDARD,
        })
    };
    let mut schedule = match (&f.series, &f.weather) {
        (Some(_), Some(_)) => {
            c.error("forcing", "", "give series or weather, not both");
            None
        }
        (None, None) => {
            c.error(
                "forcing",
                "",
                "missing key: give series = \"file.csv\" or weather = \"file.csv\"",
            );
            None
        }
        (Some(series), None) => {
            let why =
                "only used with weather-driven forcing (the series gives the potential rates)";
            c.unused(&f.kc_soil, "forcing.kc_soil", why);
            c.unused(&f.kc_plant, "forcing.kc_plant", why);
            c.unused(&f.cover_fraction, "forcing.cover_fraction", why);
            c.unused(
                &f.cover_fraction_profile,
                "forcing.cover_fraction_profile",
                why,
            );
            let days = read_series(c, ctx.base_dir, series, ctx.duration_d)?;
            // A species without a fixed rooting depth grows its roots on the season's clock.
            let roots = match (ctx.plant, n_days) {
                (Some(p), Some(n)) if !p.root_depth_fixed => species_split(p)
                    .map(|s| {
                        (1..=n)
                            .map(|d| s.split(d as u32, 0.0).root_depth_cm.unwrap_or(0.0))
                            .collect()
                    })
                    .unwrap_or_default(),
                _ => Vec::new(),
            };
            Some(ForcingSchedule {
                days,
                root_depth_by_day_cm: roots,
                ..ForcingSchedule::default()
            })
        }
        (None, Some(weather)) => weather_schedule(c, &f, weather, ctx, n_days, species_split),
    };
    if let Some(s) = schedule.as_mut() {
        s.precip_salt_g_l = precip_salt;
        if let Some(p) = ctx.plant {
            if p.root_depth_fixed {
                s.root_depth_by_day_cm.clear();
            }
            s.root_depth_cm = p.root_depth_cm;
        }
        // Roots cannot reach below the column.
        if let Some(p) = ctx.plant {
            let cap = p.root_depth_cm;
            s.root_depth_by_day_cm
                .iter_mut()
                .for_each(|r| *r = r.min(cap));
        }
    }
    schedule
}

fn read_series(
    c: &mut Check,
    base_dir: &Path,
    series: &str,
    duration: Option<f64>,
) -> Option<Vec<crate::forcing::DayForcing>> {
    let path = base_dir.join(series);
    let name = path.display().to_string();
    let text = match std::fs::read_to_string(&path) {
        Err(e) => {
            c.error(
                "forcing.series",
                format!("\"{series}\""),
                format!("cannot read {name}: {e}"),
            );
            return None;
        }
        Ok(t) => t,
    };
    match parse_series(&name, &text) {
        Err(errs) => {
            c.errors.0.extend(errs.0);
            None
        }
        Ok(days) => {
            if let Some(d) = duration {
                if (days.len() as f64) < d - 1e-9 {
                    c.error(
                        "forcing.series",
                        format!("\"{series}\""),
                        format!(
                            "ends at day {} but the run lasts {d} d (simulation.duration_d): \
                             the series must cover the run",
                            days.len()
                        ),
                    );
                }
            }
            Some(days)
        }
    }
}

/// FAO-56 ET0 from a weather file, split by bare soil, a given cover or a species.
fn weather_schedule(
    c: &mut Check,
    f: &RawForcing,
    weather: &str,
    ctx: &ForcingContext,
    n_days: Option<usize>,
    species_split: impl Fn(&PlantInfo) -> Option<SpeciesSplit>,
) -> Option<ForcingSchedule> {
    let lat = c.required_number(
        ctx.site.latitude_deg,
        "site.latitude_deg",
        Range::ge(-90.0).and_le(90.0),
    );
    let elev = c.required_number(
        ctx.site.elevation_m,
        "site.elevation_m",
        Range::ge(-500.0).and_le(9000.0),
    );
    let wind_height = c.number_or(
        ctx.site.wind_height_m,
        "site.wind_height_m",
        Range::gt(0.5).and_le(100.0),
        2.0,
    );
    let kc_soil = c.number_or(
        f.kc_soil,
        "forcing.kc_soil",
        Range::ge(0.0).and_le(2.0),
        1.0,
    );
    let kc_plant = c.number_or(
        f.kc_plant,
        "forcing.kc_plant",
        Range::ge(0.0).and_le(2.0),
        1.0,
    );
    let cover: Option<Vec<(f64, f64)>> = match (f.cover_fraction, &f.cover_fraction_profile) {
        (Some(_), Some(_)) => {
            c.error(
                "forcing.cover_fraction_profile",
                "",
                "give cover_fraction or cover_fraction_profile, not both",
            );
            None
        }
        (Some(v), None) => c
            .number(
                Some(v),
                "forcing.cover_fraction",
                Range::ge(0.0).and_le(1.0),
            )
            .map(|v| vec![(0.0, v)]),
        (None, Some(p)) => c.pairs(
            p,
            "forcing.cover_fraction_profile",
            Range::ge(0.0).and_le(36_600.0),
            Range::ge(0.0).and_le(1.0),
        ),
        (None, None) => None,
    };
    let cover_given = f.cover_fraction.is_some() || f.cover_fraction_profile.is_some();
    if f.kc_plant.is_some() && !cover_given {
        c.error(
            "forcing.kc_plant",
            f.kc_plant.unwrap_or(0.0),
            "only used with cover_fraction or cover_fraction_profile",
        );
    }
    let split: Option<Box<dyn PotentialSplit>> = if cover_given {
        if !ctx.plant_given {
            c.error(
                "forcing.cover_fraction",
                "",
                "a cover fraction needs a [[plants]] table (the plant that transpires)",
            );
        }
        cover.map(|cover| {
            Box::new(CoverSplit {
                kc_soil,
                kc_plant,
                cover,
            }) as Box<dyn PotentialSplit>
        })
    } else if let Some(p) = ctx.plant {
        match species_split(p) {
            Some(s) => {
                c.unused(
                    &f.kc_soil,
                    "forcing.kc_soil",
                    "not used with a species: its Kc curve and FAO-56 Kc,max = 1.2 apply",
                );
                Some(Box::new(s) as Box<dyn PotentialSplit>)
            }
            None => {
                c.error(
                    "forcing",
                    "",
                    "missing key: with weather and a plant without a species from the table, \
                     give cover_fraction or cover_fraction_profile (and kc_plant, default 1)",
                );
                None
            }
        }
    } else if ctx.plant_given {
        None
    } else {
        Some(Box::new(BareSoil { kc_soil }) as Box<dyn PotentialSplit>)
    };
    let path = ctx.base_dir.join(weather);
    let rows = match read_weather_csv(&path) {
        Ok(rows) => Some(rows),
        Err(e) => {
            c.errors.0.extend(e.0);
            None
        }
    };
    let (lat, elev, split, rows, start, n) = (lat?, elev?, split?, rows?, ctx.start?, n_days?);
    let mut site = Site::new(lat, elev);
    site.wind_height_m = wind_height;
    if ctx.site.coastal == Some(true) {
        site.krs = KRS_COASTAL;
    }
    match weather_forcing(
        &rows,
        &path.display().to_string(),
        &site,
        start,
        n,
        split.as_ref(),
    ) {
        Ok(w) => Some(ForcingSchedule {
            days: w.days,
            et0_cm: w.et0_cm,
            root_depth_by_day_cm: w.root_depth_cm,
            ..ForcingSchedule::default()
        }),
        Err(e) => {
            c.errors.0.extend(e.0);
            None
        }
    }
}

fn irrigation(
    c: &mut Check,
    rules: Vec<RawIrrigation>,
    duration: Option<f64>,
) -> Vec<IrrigationRule> {
    let mut out = Vec::new();
    for (k, r) in rules.into_iter().enumerate() {
        let p = |key: &str| format!("irrigation[{k}].{key}");
        let every = c.required_number(r.every_d, &p("every_d"), Range::ge(1.0).and_le(36_600.0));
        let depth = c.required_number(r.depth_cm, &p("depth_cm"), Range::gt(0.0).and_le(1000.0));
        let salt = c.number_or(
            r.salt_g_l,
            &p("salt_g_l"),
            Range::ge(0.0).and_le(MAX_SALT_G_L),
            0.0,
        );
        let start = c.number_or(
            r.start_d,
            &p("start_d"),
            Range::ge(0.0).and_le(36_600.0),
            0.0,
        );
        let end = c.number_or(
            r.end_d,
            &p("end_d"),
            Range::gt(0.0).and_le(36_600.0),
            duration.unwrap_or(36_600.0),
        );
        if let Some(e) = r.end_d {
            if e <= start {
                c.error(&p("end_d"), e, format!("must be > start_d = {start}"));
            }
        }
        if let (Some(every), Some(depth)) = (every, depth) {
            out.push(IrrigationRule {
                every_d: every,
                depth_cm: depth,
                salt_g_l: salt,
                start_d: start,
                end_d: end,
            });
        }
    }
    out
}
