{
  "targets": [
    {
      "target_name": "lksctp",
      "sources": [
        "src/binding.c",
        "src/sock.c",
        "src/sockopt.c",
        "src/addr.c",
        "src/notify.c",
        "src/notify_js.c"
      ],
      "cflags_c": ["-std=gnu11", "-Wall", "-Wextra", "-Werror", "-O2"],
      "cflags!": ["-fno-exceptions"],
      "defines": ["NAPI_VERSION=8"],
      "libraries": ["-lsctp"]
    }
  ]
}
