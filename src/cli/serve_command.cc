// yuqing serve: the service on its embedded defaults (issue 9, docs/serve.md).
#include <spdlog/spdlog.h>

#include <csignal>
#include <cstdio>
#include <filesystem>
#include <fstream>

#include "cli/commands.h"
#include "cli/config_loading.h"
#include "cli/delivery_setup.h"
#include "core/resources.h"
#include "server/http_api.h"
#include "server/service.h"

namespace yuqing::cli {
namespace {

// The ingest token: given on the command line, else the one in the data folder, else a new
// one written there (owner-only) at the first start.
Result<std::vector<std::string>> IngestTokens(const ServeOptions& options,
                                              const std::string& data_dir) {
  if (!options.ingest_tokens.empty()) return options.ingest_tokens;
  const auto path = std::filesystem::path(data_dir) / "ingest-token";
  std::string token;
  if (std::ifstream in(path); in && std::getline(in, token) && token.size() >= 32) {
    return std::vector<std::string>{token};
  }
  token = RandomToken(24);
  {
    std::ofstream out(path);
    if (!out) return Status::IoError(path.string() + ": cannot write");
    out << token << '\n';
  }
  std::filesystem::permissions(
      path, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
  spdlog::info("serve: new ingest token written to {}", path.string());
  return std::vector<std::string>{token};
}

}  // namespace

int RunServe(const ServeOptions& options) {
  auto config = LoadConfigOrReport(options.config_path);
  if (!config) return kExitUnusableInput;
  if (!options.data_dir.empty()) config->data_dir = options.data_dir;
  auto respond = EffectiveRespond(*config);
  if (!respond.ok()) {
    spdlog::error("{}", respond.status().message());
    return kExitUnusableInput;
  }
  auto organisation = OrganisationTree::Build(respond->organisation);
  auto dispatcher = Dispatcher::Create(*respond);
  if (!organisation.ok() || !dispatcher.ok()) {
    spdlog::error(
        "{}", organisation.ok() ? dispatcher.status().message() : organisation.status().message());
    return kExitUnusableInput;
  }
  std::error_code ec;
  std::filesystem::create_directories(config->data_dir, ec);
  auto tokens = IngestTokens(options, config->data_dir);
  if (!tokens.ok()) {
    spdlog::error("{}", tokens.status().message());
    return kExitUnusableInput;
  }

  ServiceOptions service_options{.data_dir = config->data_dir,
                                 .demo_speed = options.demo_speed,
                                 .retention_days = options.retention_days};
  if (options.demo) {
    service_options.demo_path =
        options.demo_path.empty() ? ResourcePath("data/demo/items.jsonl") : options.demo_path;
  }
  // SIGINT/SIGTERM are waited for below; blocked before any thread starts, so that every
  // thread inherits the mask and the main thread alone receives them.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  auto service = Service::Start(*config, std::move(*dispatcher), std::move(*organisation),
                                ChannelSettingsOf(*config), service_options);
  if (!service.ok()) {
    spdlog::error("serve: {}", service.status().message());
    return service.status().code() == Status::Code::kInvalidInput ? kExitUnusableInput
                                                                  : kExitInternal;
  }
  if (options.reset_admin_password) {
    const std::string password = RandomToken(9);
    if (Status s = (*service)->accounts().SetPassword("admin", password, /*must_change=*/true);
        !s.ok()) {
      spdlog::error("serve: --reset-admin-password: {}", s.message());
      return kExitUnusableInput;
    }
    std::fprintf(stderr, "\n  管理员 admin 新的一次性密码 (new one-time password): %s\n\n",
                 password.c_str());
  } else if (!(*service)->first_admin_password().empty() && !options.admin_password.empty()) {
    if (Status s = (*service)->accounts().SetPassword("admin", options.admin_password); !s.ok()) {
      spdlog::error("serve: --admin-password: {}", s.message());
      return kExitUnusableInput;
    }
  } else if (!(*service)->first_admin_password().empty()) {
    std::fprintf(stderr,
                 "\n  首次启动: 管理员账号 admin, 一次性密码 %s\n"
                 "  (first start: user admin, one-time password above; shown only now)\n\n",
                 (*service)->first_admin_password().c_str());
  }
  HttpOptions http{.host = options.host,
                   .port = options.port,
                   .web_dir = ResourcePath("web"),
                   .node_modules_dir = ResourcePath("node_modules"),
                   .ingest_tokens = *tokens};
  HttpApi api(**service, http);
  if (Status s = api.Start(); !s.ok()) {
    spdlog::error("serve: {}", s.message());
    return kExitUnusableInput;
  }
  if (!options.port_file.empty()) {
    std::ofstream(options.port_file) << api.port() << '\n';
  }
  spdlog::info("serve: dashboard and API on http://{}:{}/ (data in {})", options.host, api.port(),
               config->data_dir);
  int signal = 0;
  sigwait(&signals, &signal);
  spdlog::info("serve: signal {}: stopping", signal);
  api.Stop();
  (*service)->Stop();
  return kExitOk;
}

}  // namespace yuqing::cli
