//! `aralkum assess`: the salinity and sodicity report of a file of soil samples, with the water
//! to leach each to a target ECe, the gypsum to bring it to a target ESP and the leaching
//! requirement of the irrigation water. Reading, validation and the science live in
//! `aralkum_scenario::samples`; this module only maps arguments and errors.

use super::{CmdResult, Failure};
use aralkum_scenario::samples::{assess, read_samples, write_assessments, AssessOptions};
use std::path::PathBuf;

const AFTER_HELP: &str = "\
INPUT (one row per sample; columns by header name, any order; lines starting with # are comments):
  sample_id                      identifier, unique
  depth_top_cm, depth_bottom_cm  layer sampled, cm below the surface (top < bottom)
  texture                        USDA class: 'sandy loam', 'sandy_loam' or 'SL' ...
    or sand_pct, silt_pct, clay_pct   % by mass, summing to 100 +- 1
  ece_ds_m                       EC of the saturation extract, dS/m
    or ec1_5_ds_m                EC of a 1:5 soil:water extract, dS/m (converted to ECe by
                                 texture, Slavich & Petterson 1993)
  na_meq_l, ca_meq_l, mg_meq_l   optional, saturation extract, meq/L (for SAR and ESP)
  cec_cmol_kg                    optional, cation exchange capacity, cmol_c/kg (for gypsum)
  bulk_density_g_cm3             optional, g/cm3 (for gypsum)

OUTPUT (CSV, one row per sample; empty cell where an input is missing):
  sample_id, ece_ds_m (dS/m), salinity_class (FAO/USDA: non_saline < 2, slightly 2-4,
  moderately 4-8, strongly 8-16, extremely > 16 dS/m), sar (SAR, (meq/L)^0.5), esp_pct
  (ESP from SAR, USDA Handbook 60, %), sodic (ESP > 15 or SAR > 13),
  leach_depth_ponded_cm and leach_depth_intermittent_cm (cm of water to leach the profile from
  the surface to the sample's bottom to the target ECe, Hoffman 1980), gypsum_t_ha (t/ha of
  gypsum to bring the sample's layer to the target ESP), leaching_requirement (fraction of
  applied water, Rhoades 1974 / FAO-29), then depth_top_cm, depth_bottom_cm, texture,
  ece_source (measured or ec1_5) and salt_affected_category (Handbook 60).

Exit codes: 0 success, 2 bad input (the message names file, line, column, value and what is
allowed), 1 a failure to write the output.";

/// Arguments of `aralkum assess`.
#[derive(clap::Args, Debug)]
#[command(after_help = AFTER_HELP)]
pub struct Args {
    /// Soil samples CSV file (columns below).
    #[arg(value_name = "SAMPLES.csv")]
    pub samples: PathBuf,

    /// Target root-zone salinity, ECe of the saturation extract in dS/m: the leaching depths
    /// bring each sample down to it, and the leaching requirement holds it.
    #[arg(
        long,
        value_name = "DS_M",
        default_value_t = 4.0,
        allow_negative_numbers = true
    )]
    pub target_ece_ds_m: f64,

    /// Electrical conductivity of the irrigation (and leaching) water in dS/m, for the
    /// leaching requirement LR = ECw / (5 ECe_target - ECw); must be below 2.5 x the target.
    #[arg(
        long,
        value_name = "DS_M",
        default_value_t = 1.0,
        allow_negative_numbers = true
    )]
    pub water_ec_ds_m: f64,

    /// Target exchangeable sodium percentage (ESP, %) of the gypsum requirement.
    #[arg(
        long,
        value_name = "PCT",
        default_value_t = 10.0,
        allow_negative_numbers = true
    )]
    pub target_esp_pct: f64,

    /// Ca-Na exchange efficiency factor of the gypsum requirement (dimensionless, 1-3; usual
    /// field values 1.1-1.3).
    #[arg(
        long,
        value_name = "F",
        default_value_t = 1.2,
        allow_negative_numbers = true
    )]
    pub exchange_efficiency: f64,

    /// Write the CSV table to FILE instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
}

/// Runs the subcommand.
pub fn run(args: Args) -> CmdResult {
    let options = AssessOptions {
        target_ece_ds_m: args.target_ece_ds_m,
        water_ec_ds_m: args.water_ec_ds_m,
        target_esp_pct: args.target_esp_pct,
        exchange_efficiency: args.exchange_efficiency,
    };
    // Report problems with the options and with the file together.
    let option_errors = options.validate("<command line>").err();
    let samples = read_samples(&args.samples);
    let samples = match (option_errors, samples) {
        (None, Ok(samples)) => samples,
        (Some(mut e), Err(file_errors)) => {
            e.0.extend(file_errors.0);
            return Err(e.into());
        }
        (Some(e), Ok(_)) | (None, Err(e)) => return Err(e.into()),
    };
    let rows = assess(&samples, &options);
    match &args.out {
        Some(path) => {
            let file = std::fs::File::create(path)
                .map_err(|e| Failure::Run(format!("cannot create {}: {e}", path.display())))?;
            write_assessments(&rows, std::io::BufWriter::new(file))
                .map_err(|e| Failure::Run(format!("writing {}: {e}", path.display())))
        }
        None => write_assessments(&rows, std::io::stdout().lock())
            .map_err(|e| Failure::Run(format!("writing to standard output: {e}"))),
    }
}
