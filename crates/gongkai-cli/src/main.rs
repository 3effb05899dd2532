//! The `gongkai` command: argument parsing and glue only; the work is in the library crates.

mod bench;
mod eval;
mod render;
mod run;
mod synth;
mod walk;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use gongkai_core::render::{self as core_render, sarif::Sarif};
use gongkai_core::rules;
use gongkai_core::Lang;
use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "gongkai",
    version,
    about = "政府信息公开工作年度报告：解析、校验与生成"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum LangArg {
    Zh,
    En,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum CheckFormat {
    Text,
    Json,
    Sarif,
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum RenderFormat {
    Docx,
    Html,
    Pdf,
    Md,
    Txt,
}

impl RenderFormat {
    fn ext(self) -> &'static str {
        match self {
            RenderFormat::Docx => "docx",
            RenderFormat::Html => "html",
            RenderFormat::Pdf => "pdf",
            RenderFormat::Md => "md",
            RenderFormat::Txt => "txt",
        }
    }
}

#[derive(Clone, Copy, ValueEnum, PartialEq, Eq)]
enum ParseFormat {
    Json,
}

#[derive(Subcommand)]
enum Command {
    /// 解析报告，输出 JSON（gongkai/report@1）；多个文件时每行一个对象
    Parse {
        #[arg(required = true)]
        files: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "json")]
        format: ParseFormat,
        /// 每个文件单独读取：不用同一报告的其他副本（同年度、同模板、同机关，其余单元格一致）确定连写数字
        #[arg(long)]
        alone: bool,
    },
    /// 显示 gongkai 读到的文本（DOCX/PDF 为文本视图：每段一行，表格每行一行、单元格以制表符分隔）
    Text { file: PathBuf },
    /// 校验报告（文件或目录，递归），输出诊断；有错误时退出码为 1
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        #[arg(long, value_enum, default_value = "text")]
        format: CheckFormat,
        #[arg(long, value_enum, default_value = "zh")]
        lang: LangArg,
        /// 每个文件单独读取：不用同一报告的其他副本（同年度、同模板、同机关，其余单元格一致）确定连写数字
        #[arg(long)]
        alone: bool,
    },
    /// 列出全部规则，或显示某条规则的说明（如 `gongkai rule T201`）
    Rule { code: Option<String> },
    /// 对照 NAME.EXT.json 期望值评估解析准确率（单元格、模板、年度、诊断代码）
    Eval {
        #[arg(required = true)]
        dirs: Vec<PathBuf>,
        /// 低于该准确率（%）时退出码为 1
        #[arg(long, default_value_t = 100.0)]
        min: f64,
        /// 每个文件单独读取：不用同一报告的其他副本（同年度、同模板、同机关，其余单元格一致）确定连写数字
        #[arg(long)]
        alone: bool,
    },
    /// 按法定格式生成报告（DOCX/HTML/PDF/Markdown/文本）；输入为报告 JSON（gongkai parse 的输出）或任一可解析的报告文件
    Render {
        input: PathBuf,
        #[arg(long, value_enum)]
        to: RenderFormat,
        /// 输出文件（默认与输入同名、换扩展名；`-` 为标准输出，仅限文本格式）
        #[arg(short, long)]
        output: Option<PathBuf>,
        /// 即使表格数据不平衡（T201–T204）也生成
        #[arg(long)]
        allow_inconsistent: bool,
    },
    /// 生成合成报告语料（各种格式，每份旁附期望值 NAME.EXT.json，可用 gongkai eval 评估）
    Synth(SynthArgs),
    /// 生成 Excel 填报表：表格按法定格式排列，只有填报单元格可编辑，勾稽关系随填随算
    Form {
        /// 报告格式：2021（国办公开办函〔2021〕30号）或 2019（〔2019〕60号）
        #[arg(long, default_value = "2021")]
        template: String,
        /// 报告年度
        #[arg(long)]
        year: i32,
        /// 机关名称（可在表中填写）
        #[arg(long, default_value = "")]
        agency: String,
        /// 用已有报告（JSON 或任一可解析的报告文件）的数据预填
        #[arg(long)]
        from: Option<PathBuf>,
        #[arg(short, long)]
        output: PathBuf,
    },
    /// 测量解析 + 校验的吞吐量（单核）与内存
    Bench {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
        /// 测量时长（秒）
        #[arg(long, default_value_t = 5.0)]
        seconds: f64,
    },
}

/// `gongkai synth`'s options.
#[derive(clap::Args)]
struct SynthArgs {
    /// 报告份数
    #[arg(long, default_value_t = 100)]
    count: u64,
    /// 随机种子：同一种子生成同一语料
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// 输出目录
    #[arg(short, long, default_value = "synth")]
    output: PathBuf,
    /// 模板：2019、2021 或 mix（按年度）
    #[arg(long, default_value = "mix")]
    template: String,
    /// 格式（逗号分隔，轮流使用）：txt、cells、md、html、gbk、docx、run（单元格连写）、pdf（直接生成，未嵌入字体）、pdf-chromium（需 Chromium，较慢）
    #[arg(long, default_value = synth::DEFAULT_FORMATS)]
    formats: String,
    /// 噪声：none 或 light（全角数字、页码行）
    #[arg(long, default_value = "none")]
    noise: String,
    /// 植入不一致的报告比例（0–1），期望值中记录应报告的规则代码
    #[arg(long, default_value_t = 0.0)]
    errors: f64,
    /// 每份报告写出每一种格式（同一报告的多份副本；连写文本中有歧义的行也计分，由其他副本确定）
    #[arg(long)]
    copies: bool,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let result = match cli.command {
        Command::Parse {
            files,
            format: _,
            alone,
        } => parse(&files, alone),
        Command::Check {
            paths,
            format,
            lang,
            alone,
        } => check(
            &paths,
            format,
            if lang == LangArg::En {
                Lang::En
            } else {
                Lang::Zh
            },
            alone,
        ),
        Command::Rule { code } => rule(code.as_deref()),
        Command::Text { file } => load(&file).and_then(|l| {
            io::stdout().lock().write_all(l.text.as_bytes())?;
            Ok(ExitCode::SUCCESS)
        }),
        Command::Eval { dirs, min, alone } => eval::run(&dirs, min, alone),
        Command::Form {
            template,
            year,
            agency,
            from,
            output,
        } => render::form(&template, year, &agency, from.as_deref(), &output),
        Command::Render {
            input,
            to,
            output,
            allow_inconsistent,
        } => render::run(&input, to, output.as_deref(), allow_inconsistent),
        Command::Bench { paths, seconds } => bench::run(&paths, seconds),
        Command::Synth(args) => synth_command(args),
    };
    match result {
        Ok(code) => code,
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("gongkai: 错误：{e:#}");
            ExitCode::from(2)
        }
    }
}

fn synth_command(a: SynthArgs) -> anyhow::Result<ExitCode> {
    let templates = match a.template.as_str() {
        "2019" => gongkai_core::synth::Templates::T2019,
        "2021" => gongkai_core::synth::Templates::T2021,
        "mix" => gongkai_core::synth::Templates::Mix,
        other => anyhow::bail!("未知的模板“{other}”；可选 2019、2021、mix"),
    };
    let noise = match a.noise.as_str() {
        "none" => false,
        "light" => true,
        other => anyhow::bail!("未知的噪声级别“{other}”；可选 none、light"),
    };
    if !(0.0..=1.0).contains(&a.errors) {
        anyhow::bail!("--errors 应在 0 到 1 之间");
    }
    synth::run(&synth::Options {
        count: a.count,
        seed: a.seed,
        out: a.output,
        templates,
        formats: synth::parse_formats(&a.formats)?,
        noise,
        errors: a.errors,
        copies: a.copies,
    })
}

fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<io::Error>()
            .map(|io| io.kind() == io::ErrorKind::BrokenPipe)
            .unwrap_or(false)
    })
}

/// Read and parse one file; errors name the file.
pub(crate) fn load(path: &std::path::Path) -> Result<gongkai_formats::Loaded> {
    let shown = path.display().to_string();
    let bytes = std::fs::read(path).with_context(|| format!("无法读取文件 {shown}"))?;
    gongkai_formats::load(&shown, &bytes).with_context(|| format!("无法解析 {shown}"))
}

fn parse(files: &[PathBuf], alone: bool) -> Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut failed = false;
    let one = files.len() == 1;
    let alone = alone || run::one_file(files);
    run::each_file(files.iter().cloned().map(Ok), alone, &mut out, |file| {
        let mut buf = Vec::new();
        match file {
            Ok(file) => {
                let v = core_render::json::report(&file.loaded.report, &[], Lang::Zh);
                if one {
                    serde_json::to_writer_pretty(&mut buf, &v)?;
                } else {
                    serde_json::to_writer(&mut buf, &v)?;
                }
                writeln!(buf)?;
            }
            Err(e) => {
                eprintln!("gongkai: 错误：{:#}", e.error);
                failed = true;
            }
        }
        Ok(buf)
    })?;
    out.flush()?;
    Ok(if failed {
        ExitCode::from(2)
    } else {
        ExitCode::SUCCESS
    })
}

fn check(paths: &[PathBuf], format: CheckFormat, lang: Lang, alone: bool) -> Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = io::BufWriter::new(stdout.lock());
    let mut sarif = Sarif::default();
    let (mut files, mut errors, mut warnings, mut infos, mut failed) = (0, 0, 0, 0, false);
    let alone = alone || run::one_file(paths);
    run::each_file(walk::files(paths), alone, &mut out, |file| {
        let mut buf = Vec::new();
        let file = match file {
            Ok(f) => f,
            Err(e) => {
                eprintln!("gongkai: 错误：{:#}", e.error);
                failed = true;
                return Ok(buf);
            }
        };
        let loaded = &file.loaded;
        files += 1;
        let diags = rules::check(&loaded.report);
        let (e, w, i) = core_render::text::counts(&diags);
        errors += e;
        warnings += w;
        infos += i;
        let shown = file.path.display().to_string();
        match format {
            CheckFormat::Text => {
                for d in &diags {
                    let s =
                        core_render::text::render(d, &shown, &loaded.text, &loaded.report, lang);
                    writeln!(buf, "{s}")?;
                }
            }
            CheckFormat::Json => {
                serde_json::to_writer(
                    &mut buf,
                    &core_render::json::report(&loaded.report, &diags, lang),
                )?;
                writeln!(buf)?;
            }
            CheckFormat::Sarif => {
                sarif.add(&shown, &loaded.text, &loaded.report.lines, &diags, lang)
            }
        }
        Ok(buf)
    })?;
    match format {
        CheckFormat::Text => writeln!(
            out,
            "{}",
            core_render::text::summary(files, errors, warnings, infos, lang)
        )?,
        CheckFormat::Sarif => {
            serde_json::to_writer_pretty(&mut out, &sarif.finish())?;
            writeln!(out)?;
        }
        CheckFormat::Json => {}
    }
    out.flush()?;
    Ok(if failed {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn rule(code: Option<&str>) -> Result<ExitCode> {
    let stdout = io::stdout();
    let mut out = stdout.lock();
    match code {
        None => {
            for r in rules::RULES {
                let m = r.meta();
                writeln!(
                    out,
                    "{}  {:<24} {:<8} {}",
                    m.code,
                    m.name,
                    m.severity.as_str(),
                    m.summary
                )?;
            }
        }
        Some(code) => {
            let Some(r) = rules::find(code) else {
                anyhow::bail!("没有规则 {code}；用 `gongkai rule` 列出全部规则");
            };
            let m = r.meta();
            writeln!(
                out,
                "# {} {} ({})\n\n{}\n",
                m.code,
                m.name,
                m.severity.as_str(),
                m.summary
            )?;
            for line in m.doc.lines() {
                writeln!(out, "{}", line.strip_prefix(' ').unwrap_or(line))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
