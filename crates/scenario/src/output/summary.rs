//! `summary.json` (INTERFACES section 6): totals under the names of the `cum_` columns, the
//! balance errors, the final root-zone ECe, relative yield where a plant grows, solver counters.

use super::tables::{salt_fluxes, water_fluxes};
use crate::run::RunResult;
use serde_json::{json, Map, Value};

/// The summary as JSON.
pub fn summary_json(r: &RunResult) -> Value {
    let mut m = Map::new();
    m.insert("name".into(), json!(r.name));
    m.insert("start".into(), json!(r.start.to_string()));
    m.insert("duration_d".into(), json!(r.duration_d));
    for (name, v) in water_fluxes(&r.totals)
        .iter()
        .chain(salt_fluxes(&r.totals).iter())
    {
        m.insert(format!("cum_{name}"), json!(v));
    }
    let b = &r.balance;
    m.insert("water_balance_error_cm".into(), json!(b.water_error_cm));
    m.insert("water_balance_error_pct".into(), json!(b.water_error_pct));
    m.insert(
        "salt_balance_error_mg_cm2".into(),
        json!(b.salt_error_mg_cm2),
    );
    m.insert("salt_balance_error_pct".into(), json!(b.salt_error_pct));
    m.insert("initial_storage_cm".into(), json!(b.water_initial_cm));
    m.insert("final_storage_cm".into(), json!(b.water_final_cm));
    m.insert(
        "initial_salt_storage_mg_cm2".into(),
        json!(b.salt_initial_mg_cm2),
    );
    m.insert(
        "final_salt_storage_mg_cm2".into(),
        json!(b.salt_final_mg_cm2),
    );
    m.insert("root_zone_depth_cm".into(), json!(r.root_zone_depth_cm));
    m.insert(
        "final_root_zone_ece_ds_m".into(),
        json!(r.final_root_zone_ece_ds_m),
    );
    if let Some(y) = r.relative_yield {
        m.insert("relative_yield".into(), json!(y));
    }
    if let Some((biomass, harvest, forage)) = r.production_t_ha {
        m.insert("biomass_t_ha".into(), json!(biomass));
        m.insert("yield_t_ha".into(), json!(harvest));
        m.insert("forage_t_ha".into(), json!(forage));
    }
    m.insert("time_steps".into(), json!(r.stats.time_steps));
    m.insert("iterations".into(), json!(r.stats.iterations));
    m.insert("rejected_steps".into(), json!(r.stats.rejected_steps));
    m.insert("wall_time_s".into(), json!(r.wall_time_s));
    Value::Object(m)
}
