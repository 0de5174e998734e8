{
  "targets": [
    {
      "target_name": "lksctp",
      "sources": [
        "src/binding.c",
        "src/handle_life.c",
        "src/handle_opts.c",
        "src/read.c",
        "src/napi_util.c",
        "src/sock.c",
        "src/sockopt.c",
        "src/jiffies.c",
        "src/addr.c",
        "src/notify.c",
        "src/notify_js.c"
      ],
      "cflags_c": ["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-O2"],
      "cflags!": ["-fno-exceptions"],
      "defines": ["NAPI_VERSION=8"]
    },
    {
      "target_name": "lksctp_diag",
      "sources": [
        "src/diag_binding.c",
        "src/diag.c",
        "src/addr.c"
      ],
      "cflags_c": ["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-O2"],
      "defines": ["NAPI_VERSION=8"]
    }
  ]
}
