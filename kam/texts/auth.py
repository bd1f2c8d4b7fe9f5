"""Texts of sign-in, first start and password changes."""

TEXT = {
    "auth.failed": (
        "登录名或密码不对，或该账号暂时不能登录。连续失败多次后需等待一段时间再试。",
        "Wrong login name or password, or the account cannot sign in now. After several failures "
        "in a row, wait a while before trying again.",
    ),
    "auth.too_short": ("密码太短", "the password is too short"),
    "auth.mismatch": ("两次输入的密码不一致", "the two passwords differ"),
    "auth.login_needed": ("请填写登录名", "a login name is needed"),
    "auth.not_first": ("已经有账号了：请登录。", "There are accounts already: sign in."),
    "auth.wrong_password": ("当前密码不对", "the current password is wrong"),
    "auth.same_password": ("新密码不能与当前密码相同", "the new password must differ from the current one"),
    "auth.title": ("登录", "Sign in"),
    "auth.demo": (
        "这是带演示数据的数据库，演示账号为 admin、manager、hr、sales，密码都是 kam-demo-2026（见 README）。",
        "This is a demo database with demo accounts: admin, manager, hr and sales, all with the password "
        "kam-demo-2026 (see the README).",
    ),
    "auth.login": ("登录名", "Login name"),
    "auth.password": ("密码", "Password"),
    "auth.password_again": ("再次输入密码", "Password again"),
    "auth.sign_in": ("登录", "Sign in"),
    "auth.first_title": ("创建第一个管理员账号", "Create the first admin account"),
    "auth.first_help": (
        "这是一个还没有账号的新系统：先创建管理员账号（密码至少 {n} 位），之后才能使用。",
        "This tool has no accounts yet: create the admin account first (a password of at least {n} "
        "characters); nothing else can be done until it exists.",
    ),
    "auth.display_name": ("显示名称", "Display name"),
    "auth.create_admin": ("创建并登录", "Create and sign in"),
    "auth.change_title": ("修改密码", "Change your password"),
    "auth.must_change": ("请先设置新密码再继续。", "Set a new password before going on."),
    "auth.current_password": ("当前密码", "Current password"),
    "auth.new_password": ("新密码", "New password"),
    "auth.change": ("修改密码", "Change password"),
    "auth.changed": ("密码已修改。", "Your password is changed."),
    "auth.signed_in_as": ("已登录：{name}（{role}）", "Signed in: {name} ({role})"),
    "auth.sign_out": ("退出登录", "Sign out"),
    "auth.signed_out": ("已退出登录。", "You are signed out."),
    "auth.idle": ("闲置时间过长，请重新登录。", "You were idle for long: sign in again."),
    "auth.role.admin": ("管理员", "admin"),
    "auth.role.manager": ("经理", "manager"),
    "auth.role.hr": ("人力资源", "HR"),
    "auth.role.sales": ("销售", "sales"),
    "table.users": ("账号", "accounts"),
    "table.sign_ins": ("登录记录", "sign-ins"),
    "table.account_settings": ("账号设置", "account settings"),
    "auth.password_moved": (
        "这个账号的密码已更改（在别处或由管理员重置）：请用新密码重新登录。",
        "This account's password was changed (elsewhere, or reset by an admin): sign in with the new one.",
    ),
    "auth.setup_token": (
        "安装口令（启动服务器时设定的 KAM_SETUP_TOKEN）",
        "Setup token (KAM_SETUP_TOKEN, set when the server started)",
    ),
    "auth.bad_token": ("安装口令不对", "the setup token is wrong"),
    # Roles and scope (kam/store/access.py).
    "access.no_write": (
        "你的角色不能修改“{table}”：未保存。",
        "Your role cannot change {table}: nothing was saved.",
    ),
    "access.out_of_scope": (
        "不在你可修改的范围内（只能修改你负责的行，修改后也须仍归你负责）",
        "outside what you may change (only rows that are yours, and still yours after the change)",
    ),
    "access.column_not_yours": (
        "你的角色不能修改这一列（职级、日期等由人力资源维护）",
        "your role cannot change this column (ranks and dates are HR's)",
    ),
    "access.no_delete": (
        "你的角色不能删除这一行（人员离职由人力资源登记离职日期）",
        "your role cannot delete this row (a leaver's date is recorded by HR)",
    ),
    "access.ref_out_of_scope": (
        "只能选你负责范围内的记录",
        "pick one of the rows that are yours (the list offers them)",
    ),
    "access.page_denied": (
        "你的角色（{role}）不能使用这个页面。",
        "Your role ({role}) cannot use this page.",
    ),
    "access.some_read_only": (
        "灰色的 {n} 行你只能查看、不能修改（不在你负责的范围内，例如你自己的目标由上级设定）。",
        "The {n} grey rows are yours to read, not to change (outside what you are responsible for: "
        "your own target, for one, is set by the level above).",
    ),
    "access.read_only": (
        "只读：你的角色（{role}）不能修改这些数据。",
        "Read-only: your role ({role}) cannot change these rows.",
    ),
}
